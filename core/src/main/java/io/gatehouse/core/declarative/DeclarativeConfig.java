package io.gatehouse.core.declarative;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded declarative file: every registered table (parents first, empty ones included) with its
 * complete, validated entities, foreign keys as {@code {"id": …}}.
 *
 * @param hash Kong's {@code configuration_hash}: 32 hex digits of the MD5 of the parsed input
 */
public record DeclarativeConfig(String formatVersion, boolean transform, String hash,
    Map<String, List<ObjectNode>> tables) {

  public DeclarativeConfig {
    Map<String, List<ObjectNode>> copy = new LinkedHashMap<>();
    tables.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    tables = Collections.unmodifiableMap(copy);
  }

  /** Number of entities over all tables. */
  public int size() {
    return tables.values().stream().mapToInt(List::size).sum();
  }
}
