package io.gatehouse.core.declarative;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A loaded declarative file: every registered table (parents first, empty ones included) with its
 * complete, validated entities, foreign keys as {@code {"id": …}}.
 *
 * @param hash Kong's {@code configuration_hash}: 32 hex digits of the MD5 of the parsed input
 * @param workspace the file's {@code _workspace} (decK's key), {@code default} when it has none
 * @param products the file's {@value #PRODUCTS} section (the portal's API products, checked only for
 *     its shape here), null when the file has none: products are then left as they are
 */
public record DeclarativeConfig(String formatVersion, boolean transform, String hash,
    Map<String, List<ObjectNode>> tables, String workspace, @Nullable List<ObjectNode> products) {
  /** The name of the workspace a file without {@code _workspace} goes to. */
  public static final String DEFAULT_WORKSPACE = "default";
  /**
   * Gatehouse's top-level key for the portal's API products (issue 20). Neither Kong 3.9 (its schema
   * answers {@code unknown field} to any other key, {@code _} ones included) nor decK 1.4 (its file
   * schema refuses additional properties) ignores a new key, so none is "safe"; the leading {@code _}
   * marks file metadata, which no Kong entity table name can ever take, and the vendor name keeps it
   * clear of decK's own {@code _info}, {@code _workspace}, {@code _plugin_configs}, {@code _konnect}.
   */
  public static final String PRODUCTS = "_gatehouse_products";

  /** A configuration without a products section. */
  public DeclarativeConfig(String formatVersion, boolean transform, String hash, Map<String, List<ObjectNode>> tables,
      String workspace) {
    this(formatVersion, transform, hash, tables, workspace, null);
  }

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
    products = products == null ? null : List.copyOf(products);
  }

  /** Number of entities over all tables. */
  public int size() {
    return tables.values().stream().mapToInt(List::size).sum();
  }
}
