package io.gatehouse.core.records;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The blocking form of plugin records: rows a plugin writes at run time that are not configuration
 * (oauth2 tokens and codes, session data). The store implements it over its database
 * ({@code plugin_records}); the runtime calls it off the event loop and hands plugins the SDK's
 * asynchronous view. A row is addressed by a namespace the plugin chooses and a key; an expired
 * row reads as absent.
 */
public interface RecordTable extends AutoCloseable {

  /** Expiry of a row that never expires. */
  long NEVER = Long.MAX_VALUE;

  /** One stored row. */
  record Stored(String key, String value, long expiresAtMillis) {}

  /** The live row, or empty when absent or expired. */
  Optional<Stored> get(String namespace, String key);

  /** Inserts or replaces a row. */
  void put(String namespace, String key, String value, long expiresAtMillis);

  /** Removes a row; whether a live one was there. */
  boolean delete(String namespace, String key);

  /** Removes a row and returns it when it was live, atomically: a second take of the same key finds nothing. */
  Optional<Stored> take(String namespace, String key);

  /** Live rows of a namespace in key order, after {@code afterKey} (null: from the start), at most {@code limit}. */
  List<Stored> list(String namespace, @Nullable String afterKey, int limit);

  @Override
  void close();
}
