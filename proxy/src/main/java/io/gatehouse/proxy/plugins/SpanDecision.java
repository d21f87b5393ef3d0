package io.gatehouse.proxy.plugins;

import io.gatehouse.sdk.TracingSettings;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;

/**
 * Whether the node records a request's spans ({@link TracedSteps}), decided once per request
 * before the router. Kong decides sampling at the request span and again in the tracing
 * plugin's access phase (plugin {@code sampling_rate}, the incoming sampled flag) and records
 * every span until then; Gatehouse records nothing for a request no tracing instance of the
 * snapshot could keep, and the answer stays exact:
 *
 * <ul>
 *   <li>a trace the plugin starts itself takes the id drawn here ({@code Phase#drawnTraceId}),
 *       and Kong's sampler keeps at a rate every id it keeps at a lower one, so testing the
 *       snapshot's highest rate ({@code bound}) says whether any instance could keep it;
 *   <li>a request carrying a trace context (any header Kong's extractors read) may continue a trace
 *       whose id is not the drawn one: its spans are recorded and the plugin decides.
 * </ul>
 */
enum SpanDecision {
  /** Record nothing: no instance can keep this trace (a shared "no-op" for every step). */
  SKIP,
  /** Record the spans: some instance may keep the trace; the plugin decides in its access phase. */
  RECORD;

  /** The headers Kong 3.9's extractors read a trace id or sampled flag from (w3c, b3, jaeger, ot, datadog, aws, gcp). */
  static final List<String> CONTEXT_HEADERS = List.of("traceparent", "tracestate", "b3", "x-b3-traceid",
      "x-b3-spanid", "x-b3-parentspanid", "x-b3-sampled", "x-b3-flags", "uber-trace-id", "ot-tracer-traceid",
      "ot-tracer-spanid", "ot-tracer-sampled", "x-datadog-trace-id", "x-datadog-parent-id",
      "x-datadog-sampling-priority", "x-amzn-trace-id", "x-cloud-trace-context");

  /**
   * @param drawnTraceId the id a trace started by this request takes
   * @param bound the highest sampling rate of the snapshot's tracing instances (0: none reads spans)
   */
  static SpanDecision of(byte[] drawnTraceId, double bound, HttpHeaders headers) {
    if (bound <= 0) return SKIP;
    if (TracingSettings.sampled(drawnTraceId, bound)) return RECORD;
    for (int i = 0; i < CONTEXT_HEADERS.size(); i++) {
      if (headers.contains(CONTEXT_HEADERS.get(i))) return RECORD;
    }
    return SKIP;
  }
}
