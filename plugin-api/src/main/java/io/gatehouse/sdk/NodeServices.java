package io.gatehouse.sdk;

import java.util.Optional;

/**
 * What the node offers its plugins, given once at start ({@link PreparedPlugin#start}). A service
 * is absent when the node cannot offer it.
 */
public interface NodeServices {

  /** Counters shared by the cluster's nodes; absent without a database (DB-less, tests). */
  Optional<SharedCounters> sharedCounters();

  /** What the node reports about itself (connections, database, upstream health); absent in bare tests. */
  default Optional<NodeStatus> nodeStatus() {
    return Optional.empty();
  }

  /** The node's tracing settings ({@code tracing_instrumentations}, {@code tracing_sampling_rate}). */
  default TracingSettings tracing() {
    return TracingSettings.OFF;
  }

  /**
   * The effective text of a node setting ({@code kong.conf}, {@code KONG_*}/{@code GATEHOUSE_*}
   * environment), absent when unset; the pre-function plugin reads {@code untrusted_lua} this way.
   */
  default Optional<String> setting(String name) {
    return Optional.empty();
  }

  /**
   * Plugin records (oauth2 tokens, server-side sessions): in the node's database, or in memory on a
   * DB-less node; absent only where the node offers no store at all (some tests).
   */
  default Optional<PluginRecords> pluginRecords() {
    return Optional.empty();
  }
}
