package io.gatehouse.proxy.health;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * An upstream's {@code healthchecks} record, bound once per snapshot with Kong's defaults for any
 * missing field (reference §1.6). Durations are Kong's seconds turned into milliseconds; a counter
 * or interval of 0 disables it.
 *
 * @param threshold percent of total weight that must stay available for the balancer to be healthy
 */
public record HealthChecks(Active active, Passive passive, double threshold) {

  /** The counters and status lists of one direction. */
  public record Limits(Set<Integer> healthyStatuses, int successes, Set<Integer> unhealthyStatuses,
      int httpFailures, int tcpFailures, int timeouts) {

    /** The threshold of the counter an outcome feeds (0 = that counter is off). */
    public int limit(Outcome o) {
      return switch (o) {
        case SUCCESS -> successes;
        case HTTP_FAILURE -> httpFailures;
        case TCP_FAILURE -> tcpFailures;
        case TIMEOUT -> timeouts;
      };
    }

    /** What an HTTP status means for this direction, or null when it is in neither list (ignored). */
    public @Nullable Outcome classify(int status) {
      if (unhealthyStatuses.contains(status)) return Outcome.HTTP_FAILURE;
      if (healthyStatuses.contains(status)) return Outcome.SUCCESS;
      return null;
    }
  }

  /**
   * @param type {@code http}, {@code https}, {@code tcp} ({@code grpc}/{@code grpcs} probe as http/https)
   * @param headers extra probe headers, name → values
   */
  public record Active(String type, long timeoutMillis, int concurrency, String httpPath, @Nullable String httpsSni,
      boolean httpsVerifyCertificate, Map<String, List<String>> headers, long healthyIntervalMillis,
      long unhealthyIntervalMillis, Limits limits) {

    public boolean enabled() {
      return healthyIntervalMillis > 0 || unhealthyIntervalMillis > 0;
    }
  }

  public record Passive(String type, Limits limits) {
    /** Kong runs a checker for passive checks only when a failure counter is on. */
    public boolean enabled() {
      return limits.tcpFailures > 0 || limits.timeouts > 0 || limits.httpFailures > 0;
    }
  }

  public static final HealthChecks DEFAULTS = from(null);

  /** Whether Kong would create a health checker for the upstream at all. */
  public boolean enabled() {
    return active.enabled() || passive.enabled();
  }

  /** Binds the record; absent fields take Kong's defaults. */
  public static HealthChecks from(@Nullable JsonNode hc) {
    JsonNode a = child(hc, "active");
    JsonNode p = child(hc, "passive");
    JsonNode ah = child(a, "healthy");
    JsonNode au = child(a, "unhealthy");
    JsonNode ph = child(p, "healthy");
    JsonNode pu = child(p, "unhealthy");
    Active active = new Active(
        text(a, "type", "http"),
        millis(a, "timeout", 1),
        (int) number(a, "concurrency", 10),
        text(a, "http_path", "/"),
        nullableText(a, "https_sni"),
        bool(a, "https_verify_certificate", true),
        headers(a == null ? null : a.get("headers")),
        millis(ah, "interval", 0),
        millis(au, "interval", 0),
        new Limits(statuses(ah, List.of(200, 302)), (int) number(ah, "successes", 0),
            statuses(au, List.of(429, 404, 500, 501, 502, 503, 504, 505)), (int) number(au, "http_failures", 0),
            (int) number(au, "tcp_failures", 0), (int) number(au, "timeouts", 0)));
    Passive passive = new Passive(
        text(p, "type", "http"),
        new Limits(statuses(ph, List.of(200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304,
            305, 306, 307, 308)), (int) number(ph, "successes", 0),
            statuses(pu, List.of(429, 500, 503)), (int) number(pu, "http_failures", 0),
            (int) number(pu, "tcp_failures", 0), (int) number(pu, "timeouts", 0)));
    return new HealthChecks(active, passive, number(hc, "threshold", 0));
  }

  private static @Nullable JsonNode child(@Nullable JsonNode n, String field) {
    JsonNode c = n == null ? null : n.get(field);
    return c == null || c.isNull() ? null : c;
  }

  private static double number(@Nullable JsonNode n, String field, double fallback) {
    JsonNode v = child(n, field);
    return v != null && v.isNumber() ? v.asDouble() : fallback;
  }

  private static long millis(@Nullable JsonNode n, String field, double fallbackSeconds) {
    return Math.round(number(n, field, fallbackSeconds) * 1000);
  }

  private static String text(@Nullable JsonNode n, String field, String fallback) {
    String v = nullableText(n, field);
    return v == null ? fallback : v;
  }

  private static @Nullable String nullableText(@Nullable JsonNode n, String field) {
    JsonNode v = child(n, field);
    return v != null && v.isTextual() ? v.asText() : null;
  }

  private static boolean bool(@Nullable JsonNode n, String field, boolean fallback) {
    JsonNode v = child(n, field);
    return v != null && v.isBoolean() ? v.asBoolean() : fallback;
  }

  private static Set<Integer> statuses(@Nullable JsonNode n, List<Integer> fallback) {
    JsonNode v = child(n, "http_statuses");
    if (v == null || !v.isArray()) return Set.copyOf(fallback);
    Set<Integer> out = new TreeSet<>();
    v.forEach(s -> out.add(s.asInt()));
    return Set.copyOf(out);
  }

  private static Map<String, List<String>> headers(@Nullable JsonNode n) {
    if (n == null || !n.isObject()) return Map.of();
    Map<String, List<String>> out = new LinkedHashMap<>();
    n.properties().forEach(e -> {
      JsonNode v = e.getValue();
      if (v.isArray()) {
        List<String> values = new java.util.ArrayList<>();
        v.forEach(x -> values.add(x.asText()));
        out.put(e.getKey(), List.copyOf(values));
      } else if (!v.isNull()) {
        out.put(e.getKey(), List.of(v.asText()));
      }
    });
    return Map.copyOf(out);
  }
}
