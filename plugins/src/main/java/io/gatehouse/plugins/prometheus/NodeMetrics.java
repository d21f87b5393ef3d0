package io.gatehouse.plugins.prometheus;

import io.gatehouse.sdk.NodeStatus;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Locale;

/**
 * The node-wide gauges Kong sets at each scrape ({@code LOCAL_STORAGE} gauges, exported even while
 * no plugin instance is configured): connections and requests from the node's stub-status
 * counters, datastore reachability, node info, upstream target health, and memory. A JVM has no
 * Lua VMs nor shared dicts: {@code kong_memory_workers_lua_vms_bytes} carries the JVM's heap in use
 * (one "worker", this process), and {@code kong_memory_lua_shared_dict_*} the JVM's heap and
 * non-heap areas as dicts named {@code jvm_heap} and {@code jvm_non_heap} (used, and max — committed
 * when the JVM sets no max). {@code kong_nginx_timers} has no nginx timers to count: {@code running}
 * is the JVM's live threads, {@code pending} 0.
 */
final class NodeMetrics {
  private static final String SUBSYSTEM = "http";
  private static final String PID = Long.toString(ProcessHandle.current().pid());
  private static final List<String> HEALTH_STATES = List.of("healthchecks_off", "healthy", "unhealthy", "dns_error");

  private NodeMetrics() {}

  static void write(Exposition out, NodeStatus node, boolean upstreamHealth) {
    String id = node.nodeId();
    NodeStatus.Connections c = node.connections();
    connections(out, id, "accepted", c.accepted());
    connections(out, id, "handled", c.handled());
    connections(out, id, "total", c.totalRequests());
    connections(out, id, "active", c.active());
    connections(out, id, "reading", c.reading());
    connections(out, id, "writing", c.writing());
    connections(out, id, "waiting", c.waiting());
    out.sample(KongMetrics.NGINX_REQUESTS, List.of(id, SUBSYSTEM), c.totalRequests());
    out.sample(KongMetrics.NGINX_TIMERS, List.of("running"), ManagementFactory.getThreadMXBean().getThreadCount());
    out.sample(KongMetrics.NGINX_TIMERS, List.of("pending"), 0);
    out.sample(KongMetrics.DATASTORE_REACHABLE, List.of(), node.databaseReachable() ? 1 : 0);
    out.sample(KongMetrics.NODE_INFO, List.of(id, node.version()), 1);
    long dropped = node.analyticsDropped();
    if (dropped >= 0) out.sample(KongMetrics.ANALYTICS_DROPPED, List.of(id), dropped);
    if (upstreamHealth) {
      for (NodeStatus.TargetHealth t : node.targetHealth()) targetHealth(out, t);
    }
    memory(out, id);
  }

  private static void connections(Exposition out, String id, String state, long value) {
    out.sample(KongMetrics.NGINX_CONNECTIONS, List.of(id, SUBSYSTEM, state), value);
  }

  /** Four lines per address, 1 on its state; a target without addresses is Kong's {@code dns_error} with address "". */
  private static void targetHealth(Exposition out, NodeStatus.TargetHealth t) {
    if (t.addresses().isEmpty()) {
      states(out, t, "", "dns_error");
      return;
    }
    for (NodeStatus.Address a : t.addresses()) {
      states(out, t, a.ip() + ":" + a.port(), a.health().toLowerCase(Locale.ROOT));
    }
  }

  private static void states(Exposition out, NodeStatus.TargetHealth t, String address, String state) {
    for (String s : HEALTH_STATES) {
      out.sample(KongMetrics.UPSTREAM_TARGET_HEALTH, List.of(t.upstream(), t.target(), address, s, SUBSYSTEM),
          s.equals(state) ? 1 : 0);
    }
  }

  private static void memory(Exposition out, String id) {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
    out.sample(KongMetrics.MEMORY_WORKER_VMS, List.of(id, PID, SUBSYSTEM), heap.getUsed());
    dict(out, id, "jvm_heap", heap);
    dict(out, id, "jvm_non_heap", nonHeap);
  }

  private static void dict(Exposition out, String id, String name, MemoryUsage usage) {
    out.sample(KongMetrics.MEMORY_SHARED_DICT, List.of(id, name, SUBSYSTEM), usage.getUsed());
    out.sample(KongMetrics.MEMORY_SHARED_DICT_TOTAL, List.of(id, name, SUBSYSTEM),
        usage.getMax() >= 0 ? usage.getMax() : usage.getCommitted());
  }
}
