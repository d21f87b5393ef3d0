package io.gatehouse.app.settings;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Kong's checks of {@code tracing_instrumentations} and {@code tracing_sampling_rate}
 * ({@code conf_loader/parse.lua}) and the deprecated {@code opentelemetry_tracing*} aliases.
 */
final class TracingChecks {
  /** Kong 3.9's instrumentation types, plus {@code all}, {@code off} and {@code request}. */
  static final Set<String> TYPES = Set.of("all", "off", "request", "db_query", "dns_query", "router", "http_client",
      "balancer", "plugin_rewrite", "plugin_access", "plugin_header_filter");

  private TracingChecks() {}

  /** A deprecated name given by the user sets its replacement, with a warning (Kong's {@code alias}). */
  static void applyAliases(Map<String, String> text, List<String> warnings) {
    alias(text, warnings, "opentelemetry_tracing", "tracing_instrumentations");
    alias(text, warnings, "opentelemetry_tracing_sampling_rate", "tracing_sampling_rate");
  }

  private static void alias(Map<String, String> text, List<String> warnings, String old, String replacement) {
    String value = text.get(old);
    if (value != null) {
      text.put(replacement, value);
      warnings.add("the configuration property '" + old + "' is deprecated, use '" + replacement + "' instead");
    }
  }

  static void check(Map<String, @Nullable Object> typed, List<String> errors) {
    if (!(typed.get("tracing_instrumentations") instanceof List<?> types) || types.isEmpty()) return;
    for (Object t : types) {
      if (!TYPES.contains(String.valueOf(t))) errors.add("invalid tracing type: " + t);
    }
    if (types.size() > 1 && types.contains("off")) {
      errors.add("invalid tracing types: off, other types are mutually exclusive");
    }
    if (typed.get("tracing_sampling_rate") instanceof Number rate
        && (rate.doubleValue() < 0 || rate.doubleValue() > 1)) {
      errors.add("tracing_sampling_rate must be between 0 and 1");
    }
  }
}
