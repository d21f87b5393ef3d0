package io.gatehouse.proxy.router;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An immutable open-addressing map from strings to values that can be probed with a region of a
 * larger string and a precomputed hash, so host and path-prefix lookups allocate nothing.
 */
final class RegionMap<V> {
  private final String[] keys;
  private final Object[] values;
  private final int mask;

  RegionMap(Map<String, V> entries) {
    int cap = Integer.highestOneBit(Math.max(4, entries.size() * 2 + 1) - 1) << 1;
    keys = new String[cap];
    values = new Object[cap];
    mask = cap - 1;
    for (Map.Entry<String, V> e : entries.entrySet()) {
      String k = e.getKey();
      int slot = spread(hash(k, 0, k.length())) & mask;
      while (keys[slot] != null) slot = (slot + 1) & mask;
      keys[slot] = k;
      values[slot] = e.getValue();
    }
  }

  boolean isEmpty() {
    for (String k : keys) {
      if (k != null) return false;
    }
    return true;
  }

  static int hash(CharSequence s, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) h = 31 * h + s.charAt(i);
    return h;
  }

  /** Continues {@link #hash} by one char. */
  static int extend(int h, char c) {
    return 31 * h + c;
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }

  @SuppressWarnings("unchecked")
  @Nullable V get(String s, int from, int to, int hash) {
    int len = to - from;
    int slot = spread(hash) & mask;
    while (true) {
      String k = keys[slot];
      if (k == null) return null;
      if (k.length() == len && k.regionMatches(0, s, from, len)) return (V) values[slot];
      slot = (slot + 1) & mask;
    }
  }

  @Nullable V get(String s, int from, int to) {
    return get(s, from, to, hash(s, from, to));
  }
}
