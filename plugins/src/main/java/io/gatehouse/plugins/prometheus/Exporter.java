package io.gatehouse.plugins.prometheus;

import io.gatehouse.sdk.NodeStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jspecify.annotations.Nullable;

/**
 * One node's metrics: a {@link Shard} per event loop that records, and the scrape that sums the
 * shards and writes Kong's exposition. Like Kong, the per-request families are exported only while
 * a prometheus instance is configured in the configuration the node serves; the node gauges always.
 */
final class Exporter {
  /** The config versions prepared most recently (a few, for a build that failed after preparing). */
  private static final int VERSIONS = 8;

  private final List<Shard> shards = new CopyOnWriteArrayList<>();
  private final ThreadLocal<Shard> local = ThreadLocal.withInitial(() -> {
    Shard s = new Shard();
    shards.add(s);
    return s;
  });
  private final AtomicLongArray prepared = new AtomicLongArray(VERSIONS);
  private volatile int nextPrepared;
  private volatile boolean upstreamHealth;
  private volatile @Nullable NodeStatus node;

  Exporter() {
    for (int i = 0; i < VERSIONS; i++) prepared.set(i, -1);
  }

  void start(@Nullable NodeStatus node) {
    this.node = node;
  }

  /** The calling event loop's shard. */
  Shard shard() {
    return local.get();
  }

  /** An instance was prepared for this config version: the per-request families are on while it serves. */
  synchronized void prepared(long version) {
    for (int i = 0; i < VERSIONS; i++) {
      if (prepared.get(i) == version) return;
    }
    prepared.set(nextPrepared, version);
    nextPrepared = (nextPrepared + 1) % VERSIONS;
  }

  /**
   * Kong: the upstream health gauges follow the {@code upstream_health_metrics} of the instance that
   * logged last (a write only when it changes).
   */
  void upstreamHealth(boolean on) {
    if (upstreamHealth != on) upstreamHealth = on;
  }

  private boolean enabled(@Nullable NodeStatus n) {
    if (n == null) return prepared.get(0) >= 0 || prepared.get(VERSIONS - 1) >= 0;
    long serving = n.configVersion();
    for (int i = 0; i < VERSIONS; i++) {
      if (prepared.get(i) == serving) return true;
    }
    return false;
  }

  /** The exposition of everything recorded so far. */
  String scrape() {
    Exposition out = new Exposition();
    NodeStatus n = node;
    if (n != null) NodeMetrics.write(out, n, upstreamHealth);
    if (!enabled(n)) return out.render();
    out.sample(KongMetrics.NGINX_METRIC_ERRORS, List.of(), 0);
    Map<SeriesKey, long[]> requests = new HashMap<>();
    Map<SeriesKey, long[]> bandwidth = new HashMap<>();
    Map<SeriesKey, long[]> latencies = new HashMap<>();
    for (Shard s : shards) s.drainInto(requests, bandwidth, latencies);
    requests.forEach((k, v) -> out.sample(KongMetrics.HTTP_REQUESTS,
        List.of(k.service, k.route, Integer.toString(k.code), k.source == 1 ? "service" : "kong", k.workspace, k.consumer),
        v[0]));
    bandwidth.forEach((k, v) -> {
      if (v[0] > 0) out.sample(KongMetrics.BANDWIDTH, List.of(k.service, k.route, "ingress", k.workspace, k.consumer), v[0]);
      if (v[1] > 0) out.sample(KongMetrics.BANDWIDTH, List.of(k.service, k.route, "egress", k.workspace, k.consumer), v[1]);
    });
    latencies.forEach((k, v) -> {
      List<String> labels = List.of(k.service, k.route, k.workspace);
      histogram(out, KongMetrics.KONG_LATENCY, labels, v, Shard.KONG_AT);
      histogram(out, KongMetrics.UPSTREAM_LATENCY, labels, v, Shard.UPSTREAM_AT);
      histogram(out, KongMetrics.REQUEST_LATENCY, labels, v, Shard.REQUEST_AT);
    });
    Map<SeriesKey, long[]> ai = new HashMap<>();
    for (Shard s : shards) s.drainAiInto(ai);
    ai.forEach((k, v) -> {
      List<String> labels = List.of(k.service, k.route, "", "", "", "", k.workspace);
      out.sample(KongMetrics.AI_LLM_REQUESTS, labels, v[Shard.AI_REQUESTS]);
      double cost = Double.longBitsToDouble(v[Shard.AI_COST]);
      if (cost > 0) out.sample(KongMetrics.AI_LLM_COST, labels, cost);
      tokens(out, k, "prompt_tokens", v[Shard.AI_PROMPT]);
      tokens(out, k, "completion_tokens", v[Shard.AI_COMPLETION]);
      tokens(out, k, "total_tokens", v[Shard.AI_TOTAL]);
      histogram(out, KongMetrics.AI_LLM_PROVIDER_LATENCY, labels, v, Shard.AI_LATENCY_AT);
    });
    return out.render();
  }

  private static void tokens(Exposition out, SeriesKey k, String type, long n) {
    if (n > 0) out.sample(KongMetrics.AI_LLM_TOKENS, List.of(k.service, k.route, "", "", "", "", type, k.workspace), n);
  }

  /** A histogram with no observation (upstream latency of a route never proxied) has no series, as in Kong. */
  private static void histogram(Exposition out, KongMetrics m, List<String> labels, long[] slots, int at) {
    if (slots[at + m.buckets.length + 1] > 0) out.histogram(m, labels, slots, at);
  }
}
