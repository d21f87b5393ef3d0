package io.gatehouse.plugins.tracing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kong 3.9's injectors: the headers each format writes to the upstream request for a context, and
 * the trace id as that format spells it (the log's {@code trace_id} field).
 */
public final class Injectors {

  /** What one injection produced. */
  public record Injected(Map<String, String> headers, String formatName, String formattedTraceId) {}

  /** The context lacks what the format needs; Kong logs the message and injects nothing for it. */
  public static final class Invalid extends Exception {
    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  private Injectors() {}

  public static Injected inject(Format format, TraceContext in) throws Invalid {
    TraceContext c = in.copy();
    boolean idsRequired = switch (format) {
      case W3C, JAEGER, OT, AWS, GCP -> true;
      case B3, B3_SINGLE, DATADOG -> false;
    };
    if (idsRequired) {
      if (c.traceId == null) throw new Invalid(format.id + " injector context is invalid: field trace_id not found in context");
      if (c.spanId == null) throw new Invalid(format.id + " injector context is invalid: field span_id not found in context");
    }
    int[] allowed = switch (format) {
      case B3, B3_SINGLE, JAEGER -> new int[] {16, 8};
      case OT -> new int[] {8, 16};
      case DATADOG -> new int[] {8};
      case W3C, AWS, GCP -> new int[] {16};
    };
    int size = allowed[0];
    for (int a : allowed) {
      if (a == c.traceIdOriginalSize) size = a;
    }
    c.traceId = Ids.resize(c.traceId, size);
    c.spanId = Ids.resize(c.spanId, 8);
    c.parentId = Ids.resize(c.parentId, 8);
    Map<String, String> h = new LinkedHashMap<>();
    switch (format) {
      case W3C -> h.put("traceparent", "00-" + Ids.hex(c.traceId) + "-" + Ids.hex(c.spanId) + (sampled(c) ? "-01" : "-00"));
      case B3 -> b3(c, h);
      case B3_SINGLE -> h.put("b3", b3Single(c));
      case JAEGER -> {
        h.put("uber-trace-id", Ids.hex(c.traceId) + ":" + Ids.hex(c.spanId) + ":"
            + (c.parentId == null ? "0" : Ids.hex(c.parentId)) + ":" + (sampled(c) ? "01" : "00"));
        baggage(c, "uberctx-", h);
      }
      case OT -> {
        h.put("ot-tracer-traceid", Ids.hex(c.traceId));
        h.put("ot-tracer-spanid", Ids.hex(c.spanId));
        if (c.sampled != null) h.put("ot-tracer-sampled", c.sampled ? "1" : "0");
        baggage(c, "ot-baggage-", h);
      }
      case DATADOG -> {
        if (c.traceId != null) h.put("x-datadog-trace-id", Ids.decimal(c.traceId));
        if (c.spanId != null) h.put("x-datadog-parent-id", Ids.decimal(c.spanId));
        if (c.sampled != null) h.put("x-datadog-sampling-priority", c.sampled ? "1" : "0");
      }
      case AWS -> {
        String t = Ids.hex(c.traceId);
        h.put("x-amzn-trace-id", "Root=1-" + t.substring(0, 8) + "-" + t.substring(8) + ";Parent=" + Ids.hex(c.spanId)
            + ";Sampled=" + (sampled(c) ? "1" : "0"));
      }
      case GCP -> h.put("x-cloud-trace-context", Ids.hex(c.traceId) + "/" + Ids.decimal(c.spanId) + ";o="
          + (sampled(c) ? "1" : "0"));
    }
    return new Injected(h, formattedName(format), formatted(format, c));
  }

  private static boolean sampled(TraceContext c) {
    return Boolean.TRUE.equals(c.sampled);
  }

  private static void b3(TraceContext c, Map<String, String> h) {
    if (c.traceId != null && c.spanId != null) {
      h.put("x-b3-traceid", Ids.hex(c.traceId));
      h.put("x-b3-spanid", Ids.hex(c.spanId));
      if (c.parentId != null) h.put("x-b3-parentspanid", Ids.hex(c.parentId));
    }
    if (c.flags != null) {
      h.put("x-b3-flags", c.flags);
    } else {
      h.put("x-b3-sampled", sampled(c) ? "1" : "0");
    }
  }

  private static String b3Single(TraceContext c) {
    String sampled = null;
    if ("1".equals(c.flags)) {
      sampled = "d";
    } else if (c.sampled != null) {
      sampled = c.sampled ? "1" : "0";
    }
    if (c.traceId == null || c.spanId == null) return sampled == null ? "0" : sampled;
    return Ids.hex(c.traceId) + "-" + Ids.hex(c.spanId) + (sampled == null ? "" : "-" + sampled)
        + (c.parentId == null ? "" : "-" + Ids.hex(c.parentId));
  }

  private static void baggage(TraceContext c, String prefix, Map<String, String> h) {
    if (c.baggage == null) return;
    c.baggage.forEach((k, v) -> h.put(prefix + k, URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20")));
  }

  /** Both b3 forms record their id under {@code b3}. */
  private static String formattedName(Format f) {
    return f == Format.B3_SINGLE ? "b3" : f.id;
  }

  private static String formatted(Format f, TraceContext c) {
    if (c.traceId == null) return "";
    return f == Format.DATADOG ? Ids.decimal(c.traceId) : Ids.hex(c.traceId);
  }
}
