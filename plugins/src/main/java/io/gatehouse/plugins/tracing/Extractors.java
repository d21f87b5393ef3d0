package io.gatehouse.plugins.tracing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kong 3.9's extractors, one per format: each reads its headers and answers a context, or null when
 * its headers are absent or invalid (Kong warns and ignores them). Ids come back resized as Kong's
 * base extractor does: trace ids to 16 bytes, span and parent ids to 8.
 */
public final class Extractors {
  private static final Logger log = LoggerFactory.getLogger(Extractors.class);
  private static final Pattern B3_SINGLE =
      Pattern.compile("^([0-9a-fA-F]+)-([0-9a-fA-F]{16})-?([01d]?)-?([0-9a-fA-F]*)$");
  private static final Pattern W3C = Pattern.compile("^([0-9a-fA-F]+)-([0-9a-fA-F]+)-([0-9a-fA-F]+)-([0-9a-fA-F]+)$");
  private static final Pattern JAEGER = Pattern.compile("^([0-9a-fA-F]+):([0-9a-fA-F]+):([0-9a-fA-F]+):([0-9a-fA-F]+)$");
  private static final Pattern AWS_ROOT = Pattern.compile("^([0-9a-fA-F]+)-([0-9a-fA-F]+)-([0-9a-fA-F]+)$");
  private static final Pattern GCP = Pattern.compile("^([0-9a-f]{32})/([0-9]{1,20})(;o=([0-9]))?$");
  private static final Pattern DECIMAL = Pattern.compile("^\\s*(\\d+)\\s*$");

  private Extractors() {}

  /** The context this format finds in the headers, or null (absent, invalid, or nothing in it). */
  public static @Nullable TraceContext extract(Format format, HeaderSource headers) {
    if (!anyPresent(format, headers)) return null;
    TraceContext c = switch (format) {
      case W3C -> w3c(headers);
      case B3, B3_SINGLE -> b3(headers);
      case JAEGER -> jaeger(headers);
      case OT -> ot(headers);
      case DATADOG -> datadog(headers);
      case AWS -> aws(headers);
      case GCP -> gcp(headers);
    };
    if (c == null) return null;
    if (c.traceId != null) c.traceIdOriginalSize = c.traceId.length;
    c.traceId = Ids.resize(c.traceId, 16);
    c.spanId = Ids.resize(c.spanId, 8);
    c.parentId = Ids.resize(c.parentId, 8);
    return c.empty() ? null : c;
  }

  /** Kong's {@code headers_validate.any}: an extractor runs only when one of its headers came. */
  private static boolean anyPresent(Format format, HeaderSource h) {
    List<String> names = switch (format) {
      case W3C -> List.of("traceparent");
      case B3, B3_SINGLE -> List.of("b3", "tracestate", "x-b3-traceid", "x-b3-spanid", "x-b3-parentspanid",
          "x-b3-sampled", "x-b3-flags");
      case JAEGER -> List.of("uber-trace-id");
      case OT -> List.of("ot-tracer-sampled", "ot-tracer-traceid", "ot-tracer-spanid");
      case DATADOG -> List.of("x-datadog-trace-id", "x-datadog-parent-id", "x-datadog-sampling-priority");
      case AWS -> List.of("x-amzn-trace-id");
      case GCP -> List.of("x-cloud-trace-context");
    };
    for (String n : names) {
      if (h.present(n)) return true;
    }
    return false;
  }

  private static @Nullable TraceContext w3c(HeaderSource h) {
    String traceparent = h.single("traceparent");
    if (traceparent == null || traceparent.isEmpty()) return null;
    Matcher m = W3C.matcher(traceparent);
    if (!m.matches()) return warn("invalid W3C traceparent header; ignoring.");
    if (!m.group(1).equals("00")) return warn("invalid W3C Trace Context version; ignoring.");
    String traceId = m.group(2);
    String parentId = m.group(3);
    String flags = m.group(4);
    if (traceId.length() != 32 || Ids.isZeroHex(traceId)) return warn("invalid W3C trace context trace ID; ignoring.");
    if (parentId.length() != 16 || Ids.isZeroHex(parentId)) return warn("invalid W3C trace context parent ID; ignoring.");
    if (flags.length() != 2) return warn("invalid W3C trace context flags; ignoring.");
    TraceContext c = new TraceContext();
    c.w3cFlags = Integer.parseInt(flags, 16);
    c.sampled = c.w3cFlags % 2 == 1;
    c.traceId = Ids.fromHex(traceId);
    c.spanId = Ids.fromHex(parentId);
    return c;
  }

  private static TraceContext b3(HeaderSource h) {
    TraceContext c = new TraceContext();
    c.reuseSpanId = true;
    String traceId = null;
    String spanId = null;
    String parentId = null;
    String single = h.single("b3");
    if (single == null) {
      for (String v : h.all("tracestate")) {
        if (v.startsWith("b3=") && v.length() > 3) {
          single = v.substring(3);
          break;
        }
      }
    }
    if (single != null) {
      c.singleHeader = true;
      switch (single) {
        case "1" -> c.sampled = true;
        case "d" -> {
          c.sampled = true;
          c.flags = "1";
        }
        case "0" -> c.sampled = false;
        default -> {
          Matcher m = B3_SINGLE.matcher(single);
          if (m.matches() && (m.group(1).length() == 16 || m.group(1).length() == 32)
              && (m.group(4).isEmpty() || m.group(4).length() == 16)) {
            String sampled = m.group(3);
            if (sampled.equals("1") || sampled.equals("d")) {
              c.sampled = true;
              if (sampled.equals("d")) c.flags = "1";
            } else if (sampled.equals("0")) {
              c.sampled = false;
            }
            traceId = m.group(1);
            spanId = m.group(2);
            parentId = m.group(4).isEmpty() ? null : m.group(4);
          } else {
            log.warn("b3 single header invalid; ignoring.");
          }
        }
      }
    }
    // the multi-header form fills what the single header left open
    Boolean multiSampled = null;
    String sampledHeader = h.single("x-b3-sampled");
    if (sampledHeader != null) {
      switch (sampledHeader) {
        case "1", "true" -> multiSampled = true;
        case "0", "false" -> multiSampled = false;
        default -> log.warn("x-b3-sampled header invalid; ignoring.");
      }
    }
    String debug = h.single("x-b3-flags");
    if ("1".equals(debug)) {
      multiSampled = true;
    } else if (debug != null) {
      log.warn("x-b3-flags header invalid; ignoring.");
    }
    boolean invalid = false;
    String mTrace = h.single("x-b3-traceid");
    if (mTrace != null && ((mTrace.length() != 16 && mTrace.length() != 32) || !Ids.isHex(mTrace))) {
      log.warn("x-b3-traceid header invalid; ignoring.");
      invalid = true;
      mTrace = null;
    }
    String mSpan = h.single("x-b3-spanid");
    if (mSpan != null && (mSpan.length() != 16 || !Ids.isHex(mSpan))) {
      log.warn("x-b3-spanid header invalid; ignoring.");
      invalid = true;
      mSpan = null;
    }
    String mParent = h.single("x-b3-parentspanid");
    if (mParent != null && (mParent.length() != 16 || !Ids.isHex(mParent))) {
      log.warn("x-b3-parentspanid header invalid; ignoring.");
      invalid = true;
      mParent = null;
    }
    if (c.sampled == null) c.sampled = multiSampled;
    if (c.flags == null) c.flags = debug;
    if (!invalid) {
      traceId = traceId != null ? traceId : mTrace;
      spanId = spanId != null ? spanId : mSpan;
      parentId = parentId != null ? parentId : mParent;
    }
    if (traceId != null) {
      c.traceId = Ids.fromHex(traceId);
      c.spanId = spanId == null ? null : Ids.fromHex(spanId);
      c.parentId = parentId == null ? null : Ids.fromHex(parentId);
    }
    return c;
  }

  private static @Nullable TraceContext jaeger(HeaderSource h) {
    String header = h.single("uber-trace-id");
    if (header == null || header.isEmpty()) return null;
    Matcher m = JAEGER.matcher(header);
    if (!m.matches()) return warn("invalid jaeger uber-trace-id header; ignoring.");
    String traceId = m.group(1);
    String spanId = m.group(2);
    String parentId = m.group(3);
    String flags = m.group(4);
    if (traceId.length() > 32 || Ids.isZeroHex(traceId)) return warn("invalid jaeger trace ID; ignoring.");
    if (parentId.length() != 16 && !Ids.isZeroHex(parentId)) log.warn("invalid jaeger parent ID; ignoring.");
    if (spanId.length() > 16 || Ids.isZeroHex(spanId)) return warn("invalid jaeger span ID; ignoring.");
    if (flags.length() != 1 && flags.length() != 2) return warn("invalid jaeger flags; ignoring.");
    TraceContext c = new TraceContext();
    c.sampled = Integer.parseInt(flags, 16) % 2 == 1;
    c.traceId = Ids.fromHex(traceId);
    c.spanId = Ids.fromHex(spanId);
    c.parentId = Ids.fromHex(parentId);
    c.reuseSpanId = true;
    c.baggage = baggage(h, "uberctx-");
    return c;
  }

  private static TraceContext ot(HeaderSource h) {
    TraceContext c = new TraceContext();
    String sampled = h.single("ot-tracer-sampled");
    if (sampled != null) {
      switch (sampled) {
        case "1", "true" -> c.sampled = true;
        case "0", "false" -> c.sampled = false;
        default -> log.warn("ot-tracer-sampled header invalid; ignoring.");
      }
    }
    boolean invalid = false;
    String traceId = h.single("ot-tracer-traceid");
    if (traceId != null && ((traceId.length() != 16 && traceId.length() != 32) || !Ids.isHex(traceId))) {
      log.warn("ot-tracer-traceid header invalid; ignoring.");
      invalid = true;
    }
    String spanId = h.single("ot-tracer-spanid");
    if (spanId != null && (spanId.length() != 16 || !Ids.isHex(spanId))) {
      log.warn("ot-tracer-spanid header invalid; ignoring.");
      invalid = true;
    }
    if (traceId != null && !invalid) {
      c.traceId = Ids.fromHex(traceId);
      c.spanId = spanId == null ? null : Ids.fromHex(spanId);
    }
    c.baggage = baggage(h, "ot-baggage-");
    return c;
  }

  private static @Nullable TraceContext datadog(HeaderSource h) {
    TraceContext c = new TraceContext();
    String priority = h.single("x-datadog-sampling-priority");
    if (priority != null) {
      switch (priority) {
        case "1", "2" -> c.sampled = true;
        case "0", "-1" -> c.sampled = false;
        default -> {
          return warn("x-datadog-sampling-priority header invalid; ignoring.");
        }
      }
    }
    String traceId = decimal(h.single("x-datadog-trace-id"), "x-datadog-trace-id");
    String parentId = decimal(h.single("x-datadog-parent-id"), "x-datadog-parent-id");
    if (traceId != null) {
      c.traceId = Ids.fromDecimal(traceId);
      c.spanId = parentId == null ? null : Ids.fromDecimal(parentId);
    }
    return c;
  }

  private static @Nullable String decimal(@Nullable String value, String header) {
    if (value == null) return null;
    Matcher m = DECIMAL.matcher(value);
    if (m.matches()) return m.group(1);
    log.warn("{} header invalid; ignoring.", header);
    return null;
  }

  private static @Nullable TraceContext aws(HeaderSource h) {
    String header = h.single("x-amzn-trace-id");
    if (header == null) return null;
    TraceContext c = new TraceContext();
    for (String pair : header.split(";", -1)) {
      String[] kv = pair.split("=", -1);
      String key = kv[0].strip();
      String value = kv.length > 1 ? kv[1].strip() : "";
      switch (key) {
        case "Root" -> {
          Matcher m = AWS_ROOT.matcher(value);
          if (value.length() != 35 || !m.matches() || !m.group(1).equals("1") || m.group(2).length() != 8
              || m.group(3).length() != 24) {
            return warn("invalid aws header trace id; ignoring.");
          }
          c.traceId = Ids.fromHex(m.group(2) + m.group(3));
        }
        case "Parent" -> {
          if (value.length() != 16 || !Ids.isHex(value)) return warn("invalid aws header parent id; ignoring.");
          c.spanId = Ids.fromHex(value);
        }
        case "Sampled" -> {
          if (!value.equals("0") && !value.equals("1")) return warn("invalid aws header sampled flag; ignoring.");
          c.sampled = value.equals("1");
        }
        default -> { }
      }
    }
    return c;
  }

  private static @Nullable TraceContext gcp(HeaderSource h) {
    String header = h.single("x-cloud-trace-context");
    if (header == null) return null;
    Matcher m = GCP.matcher(header);
    if (!m.matches()) return warn("invalid GCP header; ignoring.");
    TraceContext c = new TraceContext();
    c.traceId = Ids.fromHex(m.group(1));
    c.spanId = Ids.fromDecimal(m.group(2));
    c.sampled = "1".equals(m.group(4));
    return c;
  }

  /** Headers with this prefix, values URL-decoded, or null when there are none. */
  private static @Nullable Map<String, String> baggage(HeaderSource h, String prefix) {
    Map<String, String> out = null;
    for (String name : h.names()) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.startsWith(prefix)) {
        List<String> values = h.all(name);
        if (values.isEmpty()) continue;
        if (out == null) out = new LinkedHashMap<>();
        out.put(lower.substring(prefix.length()), URLDecoder.decode(values.getFirst(), StandardCharsets.UTF_8));
      }
    }
    return out == null ? null : Map.copyOf(out);
  }

  private static @Nullable TraceContext warn(String message) {
    log.warn(message);
    return null;
  }
}
