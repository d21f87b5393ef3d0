package io.gatehouse.proxy.balancer;

import io.gatehouse.proxy.upstream.PickState;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Weighted round robin. Kong builds a shuffled "wheel" with {@code weight / gcd} slots per address;
 * this walks the same wheel without materializing it: position {@code counter × stride mod total}
 * (stride coprime with total) visits every slot once per cycle in a spread order, and a binary
 * search over cumulative weights names its endpoint. Exact weights per cycle, O(log n), no lock.
 */
final class RoundRobin implements Picker {
  private static final int MAX_SKIPS = 64;

  private final Endpoint[] eps;
  private final long[] upper; // cumulative reduced weights, exclusive upper bound per endpoint
  private final long total;
  private final long stride;
  private final AtomicLong counter = new AtomicLong(ThreadLocalRandom.current().nextInt(1 << 16));

  RoundRobin(Endpoint[] eps) {
    this.eps = eps;
    long g = 0;
    for (Endpoint e : eps) g = gcd(g, e.weight());
    upper = new long[eps.length];
    long sum = 0;
    for (int i = 0; i < eps.length; i++) {
      sum += g == 0 ? 0 : eps[i].weight() / g;
      upper[i] = sum;
    }
    total = sum;
    long s = Math.max(1, (long) (sum * 0.6180339887));
    while (sum > 0 && gcd(s, sum) != 1) s++;
    stride = s;
  }

  @Override
  public @Nullable Endpoint pick(PickState state) {
    if (total == 0) return null;
    Object avoid = state.last();
    for (int k = 0; k < MAX_SKIPS; k++) {
      long pos = Math.floorMod(counter.getAndIncrement() * stride, total);
      Endpoint e = eps[indexOf(pos)];
      if (e != avoid && e.available()) return e;
    }
    return Picker.scan(eps, ThreadLocalRandom.current().nextInt(eps.length), avoid);
  }

  private int indexOf(long pos) {
    int lo = 0;
    int hi = upper.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (upper[mid] > pos) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}
