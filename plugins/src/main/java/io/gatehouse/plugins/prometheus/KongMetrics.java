package io.gatehouse.plugins.prometheus;

import java.util.List;

/**
 * Every metric family Kong 3.9's prometheus exporter declares that Gatehouse records, declared
 * once: name (Kong prefixes {@code kong_}), type, HELP text, label names and histogram buckets, as
 * in {@code kong/plugins/prometheus/exporter.lua}.
 */
enum KongMetrics {
  BANDWIDTH("bandwidth_bytes", Type.COUNTER, "Total bandwidth (ingress/egress) throughput in bytes",
      List.of("service", "route", "direction", "workspace", "consumer")),
  // beyond Kong: the call log's drops (docs/analytics.md), only while analytics is on
  ANALYTICS_DROPPED("analytics_dropped_total", Type.COUNTER,
      "Call-log entries dropped because the analytics queue was full", List.of("node_id")),
  DATASTORE_REACHABLE("datastore_reachable", Type.GAUGE, "Datastore reachable from Kong, 0 is unreachable", List.of()),
  HTTP_REQUESTS("http_requests_total", Type.COUNTER, "HTTP status codes per consumer/service/route in Kong",
      List.of("service", "route", "code", "source", "workspace", "consumer")),
  KONG_LATENCY("kong_latency_ms", Type.HISTOGRAM,
      "Latency added by Kong and enabled plugins for each service/route in Kong", Buckets.KONG),
  UPSTREAM_LATENCY("upstream_latency_ms", Type.HISTOGRAM,
      "Latency added by upstream response for each service/route in Kong", Buckets.UPSTREAM),
  REQUEST_LATENCY("request_latency_ms", Type.HISTOGRAM,
      "Total latency incurred during requests for each service/route in Kong", Buckets.UPSTREAM),
  MEMORY_WORKER_VMS("memory_workers_lua_vms_bytes", Type.GAUGE, "Allocated bytes in worker Lua VM",
      List.of("node_id", "pid", "kong_subsystem")),
  MEMORY_SHARED_DICT("memory_lua_shared_dict_bytes", Type.GAUGE, "Allocated slabs in bytes in a shared_dict",
      List.of("node_id", "shared_dict", "kong_subsystem")),
  MEMORY_SHARED_DICT_TOTAL("memory_lua_shared_dict_total_bytes", Type.GAUGE, "Total capacity in bytes of a shared_dict",
      List.of("node_id", "shared_dict", "kong_subsystem")),
  NGINX_CONNECTIONS("nginx_connections_total", Type.GAUGE, "Number of connections by subsystem",
      List.of("node_id", "subsystem", "state")),
  NGINX_METRIC_ERRORS("nginx_metric_errors_total", Type.COUNTER, "Number of nginx-lua-prometheus errors", List.of()),
  NGINX_REQUESTS("nginx_requests_total", Type.GAUGE, "Number of requests total", List.of("node_id", "subsystem")),
  NGINX_TIMERS("nginx_timers", Type.GAUGE, "Number of nginx timers", List.of("state")),
  NODE_INFO("node_info", Type.GAUGE, "Kong Node metadata information", List.of("node_id", "version")),
  AI_LLM_REQUESTS("ai_llm_requests_total", Type.COUNTER, "AI requests total per ai_provider in Kong", Ai.LABELS),
  AI_LLM_COST("ai_llm_cost_total", Type.COUNTER, "AI requests cost per ai_provider/cache in Kong", Ai.LABELS),
  AI_LLM_TOKENS("ai_llm_tokens_total", Type.COUNTER, "AI requests cost per ai_provider/cache in Kong", Ai.TOKEN_LABELS),
  AI_LLM_PROVIDER_LATENCY("ai_llm_provider_latency_ms", Type.HISTOGRAM,
      "LLM response Latency for each AI plugins per ai_provider in Kong", Ai.LABELS, Buckets.AI),
  UPSTREAM_TARGET_HEALTH("upstream_target_health", Type.GAUGE,
      "Health status of targets of upstream. States = healthchecks_off|healthy|unhealthy|dns_error, "
          + "value is 1 when state is populated.",
      List.of("upstream", "target", "address", "state", "subsystem"));

  /** Kong's prefix of every family. */
  static final String PREFIX = "kong_";

  /** The exposition's {@code # TYPE}. */
  enum Type {
    COUNTER, GAUGE, HISTOGRAM;

    String text() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The AI families' labels ({@code ai_metrics}); Gatehouse has no AI cache, so the cache labels are empty. */
  static final class Ai {
    static final List<String> LABELS = List.of("ai_provider", "ai_model", "cache_status", "vector_db",
        "embeddings_provider", "embeddings_model", "workspace");
    static final List<String> TOKEN_LABELS = List.of("ai_provider", "ai_model", "cache_status", "vector_db",
        "embeddings_provider", "embeddings_model", "token_type", "workspace");

    private Ai() {}
  }

  /** Kong's bucket boundaries, in ms. */
  static final class Buckets {
    static final long[] KONG = {1, 2, 5, 7, 10, 15, 20, 30, 50, 75, 100, 200, 500, 750, 1000, 3000, 6000};
    static final long[] UPSTREAM = {25, 50, 80, 100, 250, 400, 700, 1000, 2000, 5000, 10000, 30000, 60000};
    static final long[] AI = {250, 500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000, 10000, 30000, 60000};

    private Buckets() {}
  }

  final String name;
  final Type type;
  final String help;
  final List<String> labels;
  final long[] buckets;

  KongMetrics(String name, Type type, String help, List<String> labels) {
    this.name = name;
    this.type = type;
    this.help = help;
    this.labels = labels;
    this.buckets = new long[0];
  }

  KongMetrics(String name, Type type, String help, List<String> labels, long[] buckets) {
    this.name = name;
    this.type = type;
    this.help = help;
    this.labels = labels; // le comes last
    this.buckets = buckets;
  }

  KongMetrics(String name, Type type, String help, long[] buckets) {
    this.name = name;
    this.type = type;
    this.help = help;
    this.labels = List.of("service", "route", "workspace"); // le comes last
    this.buckets = buckets;
  }

  /** The exposed name, {@code kong_…}. */
  String fullName() {
    return PREFIX + name;
  }
}
