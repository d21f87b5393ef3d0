package io.gatehouse.plugins.tracing;

import io.gatehouse.sdk.Upstream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One plugin instance's propagation rules in effect ({@code propagation.get_plugin_params}) and the
 * three steps Kong runs in the access phase: extract a context from the request, clear headers,
 * inject the outgoing context into the upstream request.
 */
public final class Propagation {
  private static final Logger log = LoggerFactory.getLogger(Propagation.class);
  private static final String PRESERVE = "preserve";
  /** The extractors the deprecated {@code header_type} turns on, in Kong's order. */
  private static final List<Format> LEGACY_EXTRACT =
      List.of(Format.B3, Format.W3C, Format.JAEGER, Format.OT, Format.DATADOG, Format.AWS, Format.GCP);

  private final List<Format> extract;
  private final List<String> clear;
  /** Format ids, or {@code preserve}. */
  private final List<String> inject;
  private final Format defaultFormat;

  Propagation(List<Format> extract, List<String> clear, List<String> inject, Format defaultFormat) {
    this.extract = List.copyOf(extract);
    this.clear = List.copyOf(clear);
    this.inject = List.copyOf(inject);
    this.defaultFormat = defaultFormat;
  }

  /** What was found in the request: never null; {@code from} is null when no extractor matched. */
  public record Extraction(TraceContext context, @Nullable Format from) {}

  /**
   * Kong's rules: the {@code propagation} record wins when any of its lists is set; otherwise the
   * deprecated {@code header_type} (and zipkin's {@code default_header_type}) decide.
   */
  public static Propagation of(PropagationFields p, @Nullable String headerType, @Nullable String defaultHeaderType) {
    Format defaultFormat = Format.of(p.defaultFormat());
    if (p.extract() != null || p.clear() != null || p.inject() != null) {
      return new Propagation(formats(p.extract()), orEmpty(p.clear()), orEmpty(p.inject()), defaultFormat);
    }
    if (defaultHeaderType != null) defaultFormat = Format.of(defaultHeaderType);
    if (headerType == null) return new Propagation(List.of(), List.of(), List.of(), defaultFormat);
    return switch (headerType) {
      case PRESERVE -> new Propagation(LEGACY_EXTRACT, List.of(), List.of(PRESERVE), defaultFormat);
      case "ignore" -> new Propagation(List.of(), List.of(), List.of(defaultFormat.id), defaultFormat);
      default -> new Propagation(LEGACY_EXTRACT, List.of(), List.of(PRESERVE, headerType), defaultFormat);
    };
  }

  /** Runs the extractors in order; the first that finds anything wins. */
  public Extraction extract(HeaderSource headers) {
    for (Format f : extract) {
      TraceContext c = Extractors.extract(f, headers);
      if (c != null) return new Extraction(c, f);
    }
    return new Extraction(new TraceContext(), null);
  }

  /** Removes the {@code clear} headers from the upstream request. */
  public void clear(Upstream upstream) {
    for (String h : clear) upstream.removeHeader(h);
  }

  /**
   * Sets each injector's headers on the upstream request; answers the trace id as each format
   * spells it (the log's {@code trace_id}), empty when nothing was injected.
   */
  public Map<String, String> inject(TraceContext context, @Nullable Format extractedFrom, Upstream upstream) {
    Map<String, String> formatted = new LinkedHashMap<>();
    for (Injectors.Injected i : injections(context, extractedFrom)) {
      i.headers().forEach(upstream::setHeader);
      formatted.put(i.formatName(), i.formattedTraceId());
    }
    return formatted;
  }

  /** The injections without applying them (what {@link #inject} sets). */
  public List<Injectors.Injected> injections(TraceContext context, @Nullable Format extractedFrom) {
    List<Injectors.Injected> out = new ArrayList<>(inject.size());
    List<String> errors = new ArrayList<>();
    for (String name : inject) {
      Format f;
      if (name.equals(PRESERVE)) {
        f = extractedFrom != null ? extractedFrom : defaultFormat;
        if (f == Format.B3 && context.singleHeader) f = Format.B3_SINGLE;
      } else {
        f = Format.of(name);
      }
      if (f == null) continue; // the schema only lets known names through
      try {
        out.add(Injectors.inject(f, context));
      } catch (Injectors.Invalid e) {
        errors.add(e.getMessage());
      }
    }
    if (!errors.isEmpty()) log.error(String.join(", ", errors));
    return out;
  }

  private static List<Format> formats(@Nullable List<String> names) {
    if (names == null) return List.of();
    List<Format> out = new ArrayList<>(names.size());
    for (String n : names) {
      Format f = Format.of(n);
      if (f != null) out.add(f);
    }
    return out;
  }

  private static List<String> orEmpty(@Nullable List<String> l) {
    return l == null ? List.of() : l;
  }
}
