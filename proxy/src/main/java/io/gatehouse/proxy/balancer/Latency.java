package io.gatehouse.proxy.balancer;

import io.gatehouse.proxy.upstream.PickState;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Kong's latency algorithm: peak-EWMA of response latency, choosing the better of two random
 * candidates ("power of two choices"). The score also weighs connections in flight and the target
 * weight, so a slow burst on one address moves traffic away before its EWMA catches up.
 */
final class Latency implements Picker {
  private final Endpoint[] eps;

  Latency(Endpoint[] eps) {
    this.eps = eps;
  }

  @Override
  public @Nullable Endpoint pick(PickState state) {
    int n = eps.length;
    if (n == 0) return null;
    Object avoid = state.last();
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    Endpoint a = candidate(rnd.nextInt(n), avoid);
    Endpoint b = n > 1 ? candidate(rnd.nextInt(n), avoid) : null;
    if (a == null) return b;
    if (b == null || a == b) return a;
    return score(a) <= score(b) ? a : b;
  }

  private @Nullable Endpoint candidate(int start, @Nullable Object avoid) {
    return Picker.scan(eps, start, avoid);
  }

  private static double score(Endpoint e) {
    return e.ewma() * (e.activeConnections() + 1) / e.weight();
  }
}
