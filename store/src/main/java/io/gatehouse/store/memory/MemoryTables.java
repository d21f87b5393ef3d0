package io.gatehouse.store.memory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One table's rows in id order plus its unique index ({@code field + NUL + value → id}). Committed
 * instances are never changed again; a writer changes a {@link #copy()}.
 */
final class MemoryTables {
  /** A stored row: the body without {@code ttl}, and when it expires (epoch millis), if ever. */
  record Row(ObjectNode body, @Nullable Long expiresAt) {
    boolean visible(long now) {
      return expiresAt == null || expiresAt > now;
    }
  }

  final TreeMap<String, Row> rows;
  final Map<String, String> uniques;

  MemoryTables() {
    this(new TreeMap<>(), new HashMap<>());
  }

  private MemoryTables(TreeMap<String, Row> rows, Map<String, String> uniques) {
    this.rows = rows;
    this.uniques = uniques;
  }

  MemoryTables copy() {
    return new MemoryTables(new TreeMap<>(rows), new HashMap<>(uniques));
  }
}
