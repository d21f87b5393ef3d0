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
  /** An AI cell: requests, cost (double bits), prompt, completion and total tokens, then the latency histogram. */
  static final int AI_REQUESTS = 0;
  static final int AI_COST = 1;
  static final int AI_PROMPT = 2;
  static final int AI_COMPLETION = 3;
  static final int AI_TOTAL = 4;
  static final int AI_LATENCY_AT = 5;
  private static final int AI_SLOTS = AI_LATENCY_AT + KongMetrics.Buckets.AI.length + 3;

  private final SeriesKey probe = new SeriesKey();
  private final ConcurrentHashMap<SeriesKey, AtomicLongArray> requests = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<SeriesKey, AtomicLongArray> bandwidth = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<SeriesKey, AtomicLongArray> latencies = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<SeriesKey, AtomicLongArray> ai = new ConcurrentHashMap<>();

  /** {@code kong_http_requests_total}: one request of this status and source. */
  void request(String service, String route, String workspace, int code, int source, String consumer) {
    add(cell(requests, probe.set(service, route, code, source, consumer, workspace), 1), 0, 1);
  }

  /** {@code kong_bandwidth_bytes}: ingress and egress bytes (a zero adds nothing, as in Kong). */
  void bandwidth(String service, String route, String workspace, String consumer, long ingress, long egress) {
    if (ingress <= 0 && egress <= 0) return;
    AtomicLongArray c = cell(bandwidth, probe.set(service, route, 0, 0, consumer, workspace), 2);
    if (ingress > 0) add(c, 0, ingress);
    if (egress > 0) add(c, 1, egress);
  }

  /** The three latency histograms; a negative value (not measured) is not observed. */
  void latencies(String service, String route, String workspace, long kongMs, long upstreamMs, long requestMs) {
    AtomicLongArray c = cell(latencies, probe.set(service, route, 0, 0, "", workspace), LATENCY_SLOTS);
    if (requestMs >= 0) observe(c, REQUEST_AT, KongMetrics.Buckets.UPSTREAM, requestMs);
    if (upstreamMs >= 0) observe(c, UPSTREAM_AT, KongMetrics.Buckets.UPSTREAM, upstreamMs);
    if (kongMs >= 0) observe(c, KONG_AT, KongMetrics.Buckets.KONG, kongMs);
  }

  /**
   * Kong's {@code ai_metrics} of one AI call (a log entry's {@code ai.<use case>}): the request, and
   * the cost, tokens and provider latency when above zero, as Kong counts them.
   */
  void ai(String provider, String model, String workspace, double cost, long prompt, long completion, long total,
      long latencyMs) {
    AtomicLongArray c = cell(ai, probe.set(provider, model, 0, 0, "", workspace), AI_SLOTS);
    add(c, AI_REQUESTS, 1);
    if (cost > 0) c.setOpaque(AI_COST, Double.doubleToRawLongBits(Double.longBitsToDouble(c.getPlain(AI_COST)) + cost));
    if (prompt > 0) add(c, AI_PROMPT, prompt);
    if (completion > 0) add(c, AI_COMPLETION, completion);
    if (total > 0) add(c, AI_TOTAL, total);
    if (latencyMs > 0) observe(c, AI_LATENCY_AT, KongMetrics.Buckets.AI, latencyMs);
  }

  /** Adds this shard's AI cells into the scrape's totals (the cost slot summed as doubles). */
  void drainAiInto(Map<SeriesKey, long[]> totals) {
    ai.forEach((k, c) -> {
      long[] total = totals.computeIfAbsent(k, x -> new long[c.length()]);
      for (int i = 0; i < total.length; i++) {
        total[i] = i == AI_COST
            ? Double.doubleToRawLongBits(Double.longBitsToDouble(total[i]) + Double.longBitsToDouble(c.getOpaque(i)))
            : total[i] + c.getOpaque(i);
      }
    });
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
