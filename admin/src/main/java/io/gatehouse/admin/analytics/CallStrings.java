package io.gatehouse.admin.analytics;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;

/**
 * The writer's dictionary of the strings calls repeat (client addresses, paths): each gets an
 * {@code INTEGER} key and one {@code call_strings} row, so a call row holds two numbers instead of
 * two strings (DuckDB's insert costs ~1 µs and more per distinct string, ~0.1–0.2 µs per number).
 * The map keeps the most recently used {@link #CAPACITY} strings; one seen again after it was
 * forgotten gets a new key and row, which queries read the same way. Writer thread only.
 */
final class CallStrings {
  /** Strings remembered; beyond, the least recently used is forgotten (its stored row stays). */
  static final int CAPACITY = 1 << 16;

  private final Map<String, Integer> keys = new LinkedHashMap<>(CAPACITY, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
      return size() > CAPACITY;
    }
  };
  private final List<String> added = new ArrayList<>();
  private int next;

  /** Starts numbering after the file's largest key (at start, after a failed write, after a sweep). */
  void reset(int nextKey) {
    keys.clear();
    added.clear();
    next = nextKey;
  }

  int key(String s) {
    Integer k = keys.get(s);
    if (k != null) return k;
    keys.put(s, next);
    added.add(s);
    return next++;
  }

  /** Appends the strings added since the last call (before the rows that use them). */
  void appendAdded(DuckDBAppender a) throws SQLException {
    int first = next - added.size();
    for (int i = 0; i < added.size(); i++) {
      a.beginRow();
      a.append(first + i);
      a.append(added.get(i));
      a.endRow();
    }
  }

  boolean anyAdded() {
    return !added.isEmpty();
  }

  void stored() {
    added.clear();
  }
}
