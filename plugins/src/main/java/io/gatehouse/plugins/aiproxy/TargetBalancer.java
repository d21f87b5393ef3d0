package io.gatehouse.plugins.aiproxy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The order in which one request tries ai-proxy-advanced's targets: the algorithm's first choice,
 * then the others as fallbacks. Thread-safe and lock-free: requests on every event loop share it.
 */
final class TargetBalancer {
  enum Algorithm {
    /** Weighted round robin: the first choice follows a smooth weighted cycle, fallbacks follow list order. */
    ROUND_ROBIN,
    /** Smallest moving average of answer latency first; never-measured targets before measured ones. */
    LOWEST_LATENCY,
    /** Highest weight first; the others only when it fails. */
    PRIORITY;

    static Algorithm of(String name) {
      return valueOf(name.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }
  }

  private static final int MAX_CYCLE = 1000;
  private static final double ALPHA = 0.3; // weight of the newest latency in the moving average

  private final Algorithm algorithm;
  private final int[] weights;
  private final int[] cycle; // round robin: target indexes in smooth weighted order
  private final AtomicLong next = new AtomicLong();
  private final AtomicLongArray latency; // moving average in ms as double bits; 0 = not measured

  TargetBalancer(Algorithm algorithm, int[] weights) {
    this.algorithm = algorithm;
    this.weights = weights.clone();
    this.cycle = smoothCycle(weights);
    this.latency = new AtomicLongArray(weights.length);
  }

  /** Every target's index, in the order this request tries them. */
  int[] order() {
    int n = weights.length;
    Integer[] idx = new Integer[n];
    for (int i = 0; i < n; i++) idx[i] = i;
    switch (algorithm) {
      case ROUND_ROBIN -> {
        int first = cycle[(int) Math.floorMod(next.getAndIncrement(), (long) cycle.length)];
        for (int i = 0; i < n; i++) idx[i] = (first + i) % n;
      }
      case LOWEST_LATENCY -> Arrays.sort(idx, Comparator.comparingDouble(this::averageLatency));
      case PRIORITY -> Arrays.sort(idx, Comparator.comparingInt((Integer i) -> weights[i]).reversed());
    }
    return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
  }

  /** A target answered (or failed) after this many ms; failures are reported with the time they cost. */
  void observed(int target, long ms) {
    double v = Math.max(ms, 1);
    long prev;
    long updated;
    do {
      prev = latency.get(target);
      double old = Double.longBitsToDouble(prev);
      updated = Double.doubleToLongBits(prev == 0 ? v : old + ALPHA * (v - old));
    } while (!latency.compareAndSet(target, prev, updated));
  }

  double averageLatency(int target) {
    long bits = latency.get(target);
    return bits == 0 ? 0 : Double.longBitsToDouble(bits);
  }

  /**
   * nginx's smooth weighted round robin over the weights (divided by their gcd, and scaled down
   * when the cycle would be longer than {@value #MAX_CYCLE}): each target appears in proportion to
   * its weight, spread out rather than in runs.
   */
  static int[] smoothCycle(int[] weights) {
    int g = 0;
    for (int w : weights) g = gcd(g, w);
    long sum = 0;
    int[] w = new int[weights.length];
    for (int i = 0; i < w.length; i++) sum += w[i] = weights[i] / g;
    if (sum > MAX_CYCLE) {
      double scale = (double) MAX_CYCLE / sum;
      sum = 0;
      for (int i = 0; i < w.length; i++) sum += w[i] = Math.max(1, (int) Math.round(w[i] * scale));
    }
    int[] current = new int[w.length];
    List<Integer> out = new ArrayList<>();
    for (long k = 0; k < sum; k++) {
      int best = 0;
      for (int i = 0; i < w.length; i++) {
        current[i] += w[i];
        if (current[i] > current[best]) best = i;
      }
      current[best] -= (int) sum;
      out.add(best);
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
