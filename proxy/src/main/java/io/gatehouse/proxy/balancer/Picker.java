package io.gatehouse.proxy.balancer;

import io.gatehouse.proxy.upstream.PickState;
import org.jspecify.annotations.Nullable;

/**
 * One balancing algorithm over an immutable endpoint array. Thread-safe and lock-free: called from
 * every event loop at once. A retry ({@code state.last()} set) should avoid the previous endpoint
 * when another one is available.
 */
interface Picker {
  /** An available endpoint, or null when none is. */
  @Nullable Endpoint pick(PickState state);

  /** Builds the picker for Kong's {@code algorithm} value. */
  static Picker of(String algorithm, Endpoint[] endpoints, int slots) {
    return switch (algorithm) {
      case "consistent-hashing" -> new ConsistentHashing(endpoints, slots);
      case "least-connections" -> new LeastConnections(endpoints);
      case "latency" -> new Latency(endpoints);
      default -> new RoundRobin(endpoints);
    };
  }

  /** Any available endpoint but {@code avoid}, scanning from {@code start}; else {@code avoid} if available. */
  static @Nullable Endpoint scan(Endpoint[] eps, int start, @Nullable Object avoid) {
    int n = eps.length;
    for (int k = 0; k < n; k++) {
      Endpoint e = eps[Math.floorMod(start + k, n)];
      if (e != avoid && e.available()) return e;
    }
    return avoid instanceof Endpoint e && e.available() ? e : null;
  }
}
