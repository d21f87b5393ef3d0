package io.gatehouse.sdk;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What every phase can read. A context belongs to one request on one event loop: use it only
 * during the call it was passed to.
 */
public interface Phase {

  /** The request id (also in {@code X-Kong-Request-Id} and the log). */
  String requestId();

  /** The request as the client sent it ({@code kong.request}). */
  Request request();

  /** The matched route, or null (rewrite phase, or no route matched). */
  @Nullable Route route();

  /** The matched route's service, or null. */
  @Nullable Service service();

  /** The consumer authenticated so far ({@code kong.client.get_consumer()}), or null. */
  @Nullable Consumer consumer();

  /** The credential authenticated so far ({@code kong.client.get_credential()}), or null (none, or anonymous). */
  @Nullable Credential credential();

  /** State shared by all plugins for this request ({@code kong.ctx.shared}). */
  Map<String, Object> shared();

  /** The id of the plugin instance whose handler is running (Kong's {@code __plugin_id}). */
  String pluginId();

  /**
   * Where to send the outbound HTTP calls this request's handlers make, so that tracing sees them
   * (Kong's {@code http_client} instrumentation); {@link HttpCalls#DIRECT} when nothing records them.
   */
  default HttpCalls httpCalls() {
    return HttpCalls.DIRECT;
  }

  /**
   * A trace id (16 bytes, a fresh copy) for a trace this request starts: the one the node drew
   * before routing, when it decided whether to record this request's spans
   * ({@link LogPhase#tracedSpans}) under the highest sampling rate of the snapshot's tracing
   * plugins ({@link PreparedPlugin#tracedSpansSamplingRate}). A tracing plugin that samples with
   * {@link TracingSettings#sampled} on this id therefore never keeps a trace whose spans the node
   * skipped. The default draws a new one.
   */
  default byte[] drawnTraceId() {
    byte[] id = new byte[16];
    java.util.concurrent.ThreadLocalRandom.current().nextBytes(id);
    return id;
  }
}
