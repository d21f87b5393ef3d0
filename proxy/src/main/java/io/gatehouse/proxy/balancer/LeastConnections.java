package io.gatehouse.proxy.balancer;

import io.gatehouse.proxy.upstream.PickState;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Kong's least-connections: the lowest {@code (connections in flight + 1) / weight} wins. Kong keeps
 * a heap per worker; with one count per node shared by all loops, a scan from a random start (ties
 * spread) over atomic counters stays lock-free.
 */
final class LeastConnections implements Picker {
  private final Endpoint[] eps;

  LeastConnections(Endpoint[] eps) {
    this.eps = eps;
  }

  @Override
  public @Nullable Endpoint pick(PickState state) {
    int n = eps.length;
    if (n == 0) return null;
    Object avoid = state.last();
    int start = ThreadLocalRandom.current().nextInt(n);
    Endpoint best = null;
    double bestScore = Double.MAX_VALUE;
    for (int k = 0; k < n; k++) {
      Endpoint e = eps[(start + k) % n];
      if (e == avoid || !e.available()) continue;
      double score = (e.activeConnections() + 1.0) / e.weight();
      if (score < bestScore) {
        best = e;
        bestScore = score;
      }
    }
    return best != null ? best : Picker.scan(eps, start, avoid);
  }
}
