package io.gatehouse.plugins.tracing;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A tracing context as Kong's propagation passes it between extractors and injectors: ids as raw
 * bytes (trace ids 16 bytes, span ids 8 after extraction, left-padded with zeros or cut from the
 * left), the sampled flag when known, and what some formats carry besides.
 */
public final class TraceContext {
  public byte @Nullable [] traceId;
  public byte @Nullable [] spanId;
  public byte @Nullable [] parentId;
  /** Null when the incoming headers did not say. */
  public @Nullable Boolean sampled;
  /** The size in bytes of the trace id as it arrived (8 or 16); 0 when none arrived. */
  public int traceIdOriginalSize;
  /** W3C {@code trace-flags} as a number, when extracted from {@code traceparent}. */
  public @Nullable Integer w3cFlags;
  /** B3's debug flag ({@code "1"}) from {@code x-b3-flags} or a {@code d} sampling state. */
  public @Nullable String flags;
  /** B3 and Jaeger: the extracted span id is the id of the span that continues here (zipkin). */
  public boolean reuseSpanId;
  /** B3 arrived in its single-header form ({@code preserve} answers with b3-single). */
  public boolean singleHeader;
  public @Nullable Map<String, String> baggage;

  /** Whether an extractor found anything at all (Kong moves on to the next one when not). */
  boolean empty() {
    return traceId == null && spanId == null && parentId == null && sampled == null && flags == null
        && baggage == null && !reuseSpanId && w3cFlags == null;
  }

  /** A copy an injector may resize without touching this one. */
  TraceContext copy() {
    TraceContext c = new TraceContext();
    c.traceId = traceId;
    c.spanId = spanId;
    c.parentId = parentId;
    c.sampled = sampled;
    c.traceIdOriginalSize = traceIdOriginalSize;
    c.w3cFlags = w3cFlags;
    c.flags = flags;
    c.reuseSpanId = reuseSpanId;
    c.singleHeader = singleHeader;
    c.baggage = baggage;
    return c;
  }
}
