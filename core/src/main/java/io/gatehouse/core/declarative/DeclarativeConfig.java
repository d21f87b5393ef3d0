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
 * @param workspace the file's {@code _workspace} (decK's key), {@code default} when it has none
 */
public record DeclarativeConfig(String formatVersion, boolean transform, String hash,
    Map<String, List<ObjectNode>> tables, String workspace) {
  /** The name of the workspace a file without {@code _workspace} goes to. */
  public static final String DEFAULT_WORKSPACE = "default";

  /** A configuration of the default workspace. */
  public DeclarativeConfig(String formatVersion, boolean transform, String hash, Map<String, List<ObjectNode>> tables) {
    this(formatVersion, transform, hash, tables, DEFAULT_WORKSPACE);
  }

  /** Whether the file is for the default workspace (it names no other). */
  public boolean inDefaultWorkspace() {
    return workspace.equals(DEFAULT_WORKSPACE);
  }

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
