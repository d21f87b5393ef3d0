package io.gatehouse.proxy.balancer;

import io.gatehouse.proxy.upstream.PickState;
import java.util.Arrays;
import java.util.Comparator;
import org.jspecify.annotations.Nullable;

/**
 * Kong's consistent-hashing: a ketama continuum of {@code slots} positions. Each address gets
 * {@code floor(weight / total × addresses × 160)} points (at least one) at
 * {@code xxhash32("<ip>:<port> <i>") % slots + 1}; a request's hash value maps the same way and
 * the continuum is walked towards lower positions, wrapping, to the first available address.
 * Retries continue from there. Adding one of N equal targets moves about 1/N of the keys.
 */
final class ConsistentHashing implements Picker {
  private final Endpoint[] eps;
  private final int slots;
  private final int[] points; // sorted positions
  private final Endpoint[] owners; // owner of each position

  ConsistentHashing(Endpoint[] endpoints, int slots) {
    this.slots = Math.max(1000, slots);
    Endpoint[] sorted = endpoints.clone();
    Arrays.sort(sorted, Comparator.comparing(Endpoint::hostname).thenComparing(e -> key(e)));
    this.eps = sorted;
    long totalWeight = 0;
    int live = 0;
    for (Endpoint e : sorted) {
      totalWeight += e.weight();
      if (e.weight() > 0) live++;
    }
    long[] packed = new long[0];
    int count = 0;
    for (int idx = 0; idx < sorted.length; idx++) {
      Endpoint e = sorted[idx];
      if (e.weight() == 0) continue;
      int n = (int) Math.max(1, Math.floor((double) e.weight() / totalWeight * live * 160));
      if (count + n > packed.length) packed = Arrays.copyOf(packed, Math.max(packed.length * 2, count + n));
      String prefix = key(e) + " ";
      for (int i = 0; i < n; i++) {
        long pos = XxHash32.hash(prefix + i) % this.slots + 1;
        packed[count++] = pos << 32 | idx;
      }
    }
    Arrays.sort(packed, 0, count);
    points = new int[count];
    owners = new Endpoint[count];
    for (int i = 0; i < count; i++) {
      points[i] = (int) (packed[i] >>> 32);
      owners[i] = sorted[(int) packed[i]];
    }
  }

  private static String key(Endpoint e) {
    return e.address().getAddress().getHostAddress() + ":" + e.address().getPort();
  }

  @Override
  public @Nullable Endpoint pick(PickState state) {
    int n = points.length;
    if (n == 0) return null;
    int idx;
    if (state.cursor() < 0) {
      String value = state.hash();
      long h = XxHash32.hash(value == null ? "" : value) % slots + 1;
      idx = floorIndex(h);
    } else {
      idx = state.cursor() - 1;
    }
    Object avoid = state.last();
    for (int k = 0; k < n; k++) {
      int i = Math.floorMod(idx - k, n);
      Endpoint e = owners[i];
      if (e != avoid && e.available()) {
        state.cursor(i);
        return e;
      }
    }
    return Picker.scan(eps, 0, avoid);
  }

  /** The last point at or below h; wraps to the highest point. */
  private int floorIndex(long h) {
    int lo = 0;
    int hi = points.length - 1;
    int found = points.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (points[mid] <= h) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return points[found] <= h ? found : points.length - 1;
  }
}
