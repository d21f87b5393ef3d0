package io.gatehouse.proxy.plugins;

import io.gatehouse.sdk.TracedSpan;
import io.gatehouse.sdk.TracingSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One request's recorded steps for tracing (Kong's core instrumentations other than the request
 * and balancer spans): made only when {@code tracing_instrumentations} asks for one of them, so a
 * node with tracing off allocates nothing for it. Times are taken with {@link System#nanoTime}
 * and placed on the wall clock from one reading made when the request began.
 */
final class TracedSteps {
  /** Kong's instrumentation names this class records, one bit each. */
  enum Kind {
    ROUTER("router"), REWRITE("plugin_rewrite"), ACCESS("plugin_access"), HEADER_FILTER("plugin_header_filter"),
    DNS("dns_query");

    final String setting;
    final int bit = 1 << ordinal();

    Kind(String setting) {
      this.setting = setting;
    }
  }

  private final int kinds;
  private final long wallNanosAtBase = System.currentTimeMillis() * 1_000_000L;
  private final long nanoBase = System.nanoTime();
  private final List<TracedSpan> spans = new ArrayList<>(8);

  private TracedSteps(int kinds) {
    this.kinds = kinds;
  }

  /** The kinds the settings record, as bits of {@link Kind}; 0 for none. */
  static int kinds(TracingSettings settings) {
    int k = 0;
    for (Kind kind : Kind.values()) {
      if (settings.enabled(kind.setting)) k |= kind.bit;
    }
    return k;
  }

  /** A recorder for a request, or null when nothing is recorded. */
  static @Nullable TracedSteps forRequest(int kinds) {
    return kinds == 0 ? null : new TracedSteps(kinds);
  }

  boolean records(Kind kind) {
    return (kinds & kind.bit) != 0;
  }

  /** Kong's {@code kong.router}: internal, an error status when no route matched. */
  void router(long startNanos, boolean matched) {
    add("kong.router", false, startNanos, Map.of(), !matched, null); // Kong sets the status, records no error
  }

  /** Kong's {@code kong.<phase>.plugin.<name>}: internal; an access handler that threw carries the error. */
  void plugin(Kind phase, String plugin, long startNanos, @Nullable Throwable failure) {
    String p = switch (phase) {
      case REWRITE -> "rewrite";
      case ACCESS -> "access";
      case HEADER_FILTER -> "header_filter";
      default -> throw new IllegalArgumentException("phase: expected a plugin phase, got " + phase);
    };
    add("kong." + p + ".plugin." + plugin, false, startNanos, Map.of(), failure != null,
        failure == null ? null : String.valueOf(failure));
  }

  /** Kong's {@code kong.dns}: client; the name, port and the address found, or the error. */
  void dns(long startNanos, String host, int port, @Nullable String ip, @Nullable String error) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("dns.record.domain", host);
    a.put("dns.record.port", (long) port);
    if (ip != null) a.put("dns.record.ip", ip);
    add("kong.dns", true, startNanos, a, ip == null, ip == null ? (error == null ? "dns resolution failed" : error) : null);
  }

  private void add(String name, boolean client, long startNanos, Map<String, Object> attributes, boolean failed,
      @Nullable String error) {
    long end = System.nanoTime();
    spans.add(new TracedSpan(name, client, wall(startNanos), wall(Math.max(end, startNanos)), attributes, failed, error));
  }

  private long wall(long nanos) {
    return wallNanosAtBase + (nanos - nanoBase);
  }

  List<TracedSpan> spans() {
    return spans;
  }
}
