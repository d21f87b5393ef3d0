package io.gatehouse.sdk;

import java.util.Optional;

/**
 * What the node offers its plugins, given once at start ({@link PreparedPlugin#start}). A service
 * is absent when the node cannot offer it.
 */
public interface NodeServices {

  /** Counters shared by the cluster's nodes; absent without a database (DB-less, tests). */
  Optional<SharedCounters> sharedCounters();

  /**
   * Plugin records (oauth2 tokens, server-side sessions): in the node's database, or in memory on a
   * DB-less node; absent only where the node offers no store at all (some tests).
   */
  default Optional<PluginRecords> pluginRecords() {
    return Optional.empty();
  }
}
