package io.gatehouse.plugins.correlationid;

import io.gatehouse.core.schema.Field;
import io.gatehouse.plugin.Access;
import io.gatehouse.plugin.AccessContext;
import io.gatehouse.plugin.ClientRequest;
import io.gatehouse.plugin.HeaderFilter;
import io.gatehouse.plugin.HeaderFilterContext;
import io.gatehouse.plugin.PhaseContext;
import io.gatehouse.plugin.Plugin;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * correlation-id: priority 100001 (Kong 3.9; before every auth plugin), access and header_filter,
 * any scope.
 */
public final class CorrelationIdPlugin implements Plugin<CorrelationIdPlugin.Config>, Access<CorrelationIdPlugin.Config>,
    HeaderFilter<CorrelationIdPlugin.Config> {
  /** Where the request's id is kept for header_filter ({@code kong.ctx.plugin.correlation_id}). */
  static final String SHARED_ID = "correlation_id";
  /** {@code uuid#counter}: one id for this gateway process (Kong: per worker) and a counter from 1. */
  private static final String PROCESS_UUID = UUID.randomUUID().toString();
  private static final AtomicLong COUNTER = new AtomicLong();
  private static final long PID = ProcessHandle.current().pid();

  /** The config (reference plugins §20). */
  public record Config(@Nullable String headerName, String generator, boolean echoDownstream) {}

  @Override
  public String name() {
    return "correlation-id";
  }

  @Override
  public int priority() {
    return 100001;
  }

  @Override
  public Field configSchema() {
    return Field.record("config",
        Field.string("header_name").defaultValue("Kong-Request-ID"),
        Field.string("generator").required().defaultValue("uuid#counter").oneOf("uuid", "uuid#counter", "tracker"),
        Field.bool("echo_downstream").required().defaultValue(false));
  }

  @Override
  public Class<Config> configType() {
    return Config.class;
  }

  @Override
  public void access(AccessContext ctx, Config config) {
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
  public void headerFilter(HeaderFilterContext ctx, Config config) {
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

  private static @Nullable String sharedId(PhaseContext ctx) {
    return ctx.shared().get(SHARED_ID) instanceof String s ? s : null;
  }

  static String generate(String generator, ClientRequest req, long nowMillis) {
    return switch (generator) {
      case "uuid" -> UUID.randomUUID().toString();
      // <server addr>-<server port>-<pid>-<connection serial>-<requests on connection>-<epoch seconds.millis>
      case "tracker" -> req.serverAddress() + "-" + req.serverPort() + "-" + PID + "-" + req.connection() + "-"
          + req.connectionRequests() + "-" + String.format(Locale.ROOT, "%.3f", nowMillis / 1000.0);
      default -> PROCESS_UUID + "#" + COUNTER.incrementAndGet();
    };
  }
}
