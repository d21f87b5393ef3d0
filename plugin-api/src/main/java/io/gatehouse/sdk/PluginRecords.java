package io.gatehouse.sdk;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Rows a plugin writes while serving requests that are not configuration — oauth2 tokens and
 * authorization codes, server-side sessions — kept in the node's database (SQLite, PostgreSQL) and,
 * on a DB-less node, in memory for the life of the process. Offered by
 * {@link NodeServices#pluginRecords()}. Writing a record never changes the configuration version.
 *
 * <p>A record is text (usually JSON the plugin writes) under a key in a namespace the plugin owns:
 * prefix namespaces with the plugin's name ({@code oauth2_tokens}, {@code session}). Every call runs
 * off the event loop; a stage fails when the database does. From a phase, return the stage from
 * {@code accessAsync} and read its result in {@code resume}. Never use a secret as a key: key by
 * its digest ({@link Secrets}).
 */
public interface PluginRecords {

  /** Expiry of a record that never expires. */
  long NEVER = Long.MAX_VALUE;

  /** One live record: its key, its text, and when it expires (epoch millis, {@link #NEVER}). */
  record Entry(String key, String value, long expiresAtMillis) {}

  /** The live record, or empty when absent or expired. */
  CompletionStage<Optional<Entry>> get(String namespace, String key);

  /** Inserts or replaces a record that expires at {@code expiresAtMillis} (epoch millis, or {@link #NEVER}). */
  CompletionStage<Void> put(String namespace, String key, String value, long expiresAtMillis);

  /** Removes a record; completes with whether a live one was there. */
  CompletionStage<Boolean> delete(String namespace, String key);

  /**
   * Removes a record and returns it, atomically across nodes: of several takes of one key only one
   * gets it (single-use authorization codes, rotated refresh tokens).
   */
  CompletionStage<Optional<Entry>> take(String namespace, String key);

  /** Live records of a namespace in key order after {@code afterKey} (null: from the start), at most {@code limit}. */
  CompletionStage<List<Entry>> list(String namespace, @Nullable String afterKey, int limit);
}
