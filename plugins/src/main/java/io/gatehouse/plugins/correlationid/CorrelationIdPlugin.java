package io.gatehouse.plugins.correlationid;

import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.OneOf;
import io.gatehouse.sdk.Phase;
import io.gatehouse.sdk.Plugin;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.Request;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * correlation-id: priority 100001 (Kong 3.9; before every auth plugin), access and header_filter,
 * any scope.
 */
@PluginInfo(name = "correlation-id", priority = 100001)
public final class CorrelationIdPlugin implements Plugin<CorrelationIdPlugin.Config> {
  /** Where the request's id is kept for header_filter ({@code kong.ctx.plugin.correlation_id}). */
  static final String SHARED_ID = "correlation_id";
  /** {@code uuid#counter}: one id for this gateway process (Kong: per worker) and a counter from 1. */
  private static final String PROCESS_UUID = UUID.randomUUID().toString();
  private static final AtomicLong COUNTER = new AtomicLong();
  private static final long PID = ProcessHandle.current().pid();

  /** The config (reference plugins §20). */
  public record Config(
      @Default("Kong-Request-ID") @Nullable String headerName,
      @Default("uuid#counter") @OneOf({"uuid", "uuid#counter", "tracker"}) String generator,
      @Default("false") boolean echoDownstream) {}

  @Override
  public void access(AccessPhase ctx, Config config) {
    String name = config.headerName();
    if (name == null || name.isEmpty()) {
      return;
    }
    String id = ctx.request().header(name);
    if (id == null || id.isEmpty()) {
      id = generate(config.generator(), ctx.request(), ctx.nowMillis());
      ctx.upstream().setHeader(name, id);
    }
    ctx.shared().put(SHARED_ID, id);
  }

  @Override
  public void headerFilter(HeaderPhase ctx, Config config) {
    String name = config.headerName();
    if (!config.echoDownstream() || name == null || name.isEmpty()) {
      return;
    }
    String id = sharedId(ctx);
    if (id == null) { // access did not run: the request was answered before it
      id = ctx.request().header(name);
      if (id == null || id.isEmpty()) {
        id = generate(config.generator(), ctx.request(), System.currentTimeMillis());
      }
    }
    ctx.responseHeaders().set(name, id);
  }

  private static @Nullable String sharedId(Phase ctx) {
    return ctx.shared().get(SHARED_ID) instanceof String s ? s : null;
  }

  static String generate(String generator, Request req, long nowMillis) {
    return switch (generator) {
      case "uuid" -> UUID.randomUUID().toString();
      // <server addr>-<server port>-<pid>-<connection serial>-<requests on connection>-<epoch seconds.millis>
      case "tracker" -> req.serverAddress() + "-" + req.serverPort() + "-" + PID + "-" + req.connection() + "-"
          + req.connectionRequests() + "-" + String.format(Locale.ROOT, "%.3f", nowMillis / 1000.0);
      default -> PROCESS_UUID + "#" + COUNTER.incrementAndGet();
    };
  }
}
