package io.gatehouse.plugins.prometheus;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BiConsumer;

/**
 * One event loop's counts. Only its own thread writes (plain read, opaque write: no lock, no CAS);
 * the scrape reads from another thread. A label set is looked up with the loop's reusable key, so
 * recording a seen series allocates nothing; a new series stores its key and cells once.
 */
final class Shard {
  /** Where each histogram's slots start in a latency cell: buckets, then +Inf, count, sum. */
  static final int KONG_AT = 0;
  static final int UPSTREAM_AT = KONG_AT + KongMetrics.Buckets.KONG.length + 3;
  static final int REQUEST_AT = UPSTREAM_AT + KongMetrics.Buckets.UPSTREAM.length + 3;
  private static final int LATENCY_SLOTS = REQUEST_AT + KongMetrics.Buckets.UPSTREAM.length + 3;

  private final SeriesKey probe = new SeriesKey();
  private final ConcurrentHashMap<SeriesKey, AtomicLongArray> requests = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<SeriesKey, AtomicLongArray> bandwidth = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<SeriesKey, AtomicLongArray> latencies = new ConcurrentHashMap<>();

  /** {@code kong_http_requests_total}: one request of this status and source. */
  void request(String service, String route, int code, int source, String consumer) {
    add(cell(requests, probe.set(service, route, code, source, consumer), 1), 0, 1);
  }

  /** {@code kong_bandwidth_bytes}: ingress and egress bytes (a zero adds nothing, as in Kong). */
  void bandwidth(String service, String route, String consumer, long ingress, long egress) {
    if (ingress <= 0 && egress <= 0) return;
    AtomicLongArray c = cell(bandwidth, probe.set(service, route, 0, 0, consumer), 2);
    if (ingress > 0) add(c, 0, ingress);
    if (egress > 0) add(c, 1, egress);
  }

  /** The three latency histograms; a negative value (not measured) is not observed. */
  void latencies(String service, String route, long kongMs, long upstreamMs, long requestMs) {
    AtomicLongArray c = cell(latencies, probe.set(service, route, 0, 0, ""), LATENCY_SLOTS);
    if (requestMs >= 0) observe(c, REQUEST_AT, KongMetrics.Buckets.UPSTREAM, requestMs);
    if (upstreamMs >= 0) observe(c, UPSTREAM_AT, KongMetrics.Buckets.UPSTREAM, upstreamMs);
    if (kongMs >= 0) observe(c, KONG_AT, KongMetrics.Buckets.KONG, kongMs);
  }

  /** Adds this shard's counts into the scrape's totals. */
  void drainInto(Map<SeriesKey, long[]> requestTotals, Map<SeriesKey, long[]> bandwidthTotals,
      Map<SeriesKey, long[]> latencyTotals) {
    sum(requests, requestTotals);
    sum(bandwidth, bandwidthTotals);
    sum(latencies, latencyTotals);
  }

  private static void sum(Map<SeriesKey, AtomicLongArray> from, Map<SeriesKey, long[]> into) {
    from.forEach((BiConsumer<SeriesKey, AtomicLongArray>) (k, c) -> {
      long[] total = into.computeIfAbsent(k, x -> new long[c.length()]);
      for (int i = 0; i < total.length; i++) total[i] += c.getOpaque(i);
    });
  }

  /** Non-cumulative per bucket (the exposition sums them up): the first bound the value fits, else +Inf. */
  private static void observe(AtomicLongArray c, int at, long[] bounds, long value) {
    int i = 0;
    while (i < bounds.length && value > bounds[i]) i++;
    add(c, at + i, 1);
    add(c, at + bounds.length + 1, 1);
    add(c, at + bounds.length + 2, value);
  }

  private static AtomicLongArray cell(ConcurrentHashMap<SeriesKey, AtomicLongArray> map, SeriesKey key, int slots) {
    AtomicLongArray c = map.get(key);
    if (c == null) {
      c = new AtomicLongArray(slots);
      map.put(key.copy(), c);
    }
    return c;
  }

  private static void add(AtomicLongArray c, int i, long d) {
    c.setOpaque(i, c.getPlain(i) + d);
  }
}
