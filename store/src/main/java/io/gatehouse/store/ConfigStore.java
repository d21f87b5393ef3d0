package io.gatehouse.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.schema.TableSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Where accepted configuration lives. Entities are Kong-shaped JSON objects that were already
 * validated and completed (id, timestamps, defaults) by the caller; the store enforces what only it
 * can: uniqueness, foreign keys, cascades, and durability. Every write bumps a monotonic config
 * version in the same transaction and then notifies the listeners, so the runtime can rebuild.
 *
 * <p>Errors are {@link io.gatehouse.core.error.KongException}s with Kong's codes: 3 primary key
 * violation, 4 foreign key violation, 5 unique violation, 7 invalid offset, 8 database error.
 *
 * <p>All implementations pass the shared contract suite ({@code ConfigStoreContract} in the
 * store's test jar).
 */
public interface ConfigStore extends AutoCloseable {

  /** Makes a table known to the store (idempotent). Tables must be registered before use. */
  void register(TableSpec table);

  /** Runs {@code work} in one atomic transaction; all writes inside bump the version once. */
  <T> T transaction(StoreTransaction.Work<T> work);

  /** Shorthand for a transaction that inserts one row. */
  default ObjectNode insert(String table, ObjectNode entity) {
    return transaction(tx -> tx.insert(table, entity));
  }

  /** Shorthand for a transaction that replaces (or creates) the row with the entity's id. */
  default ObjectNode upsert(String table, ObjectNode entity) {
    return transaction(tx -> tx.upsert(table, entity));
  }

  /** Shorthand for a transaction that deletes one row (and its cascades); false if it was absent. */
  default boolean delete(String table, String id) {
    return transaction(tx -> tx.delete(table, id));
  }

  Optional<ObjectNode> get(String table, String id);

  /** Looks a row up by a unique field (endpoint key or other unique field). */
  Optional<ObjectNode> findByUnique(String table, String field, String value);

  /** One page of a table in primary-key order, filtered as the query says. */
  Page list(String table, PageQuery query);

  /** One page of {@code (entity_name, entity_id, tag)} rows, optionally for one tag. */
  Page listTags(PageQuery query, String tag);

  /** A consistent copy of every registered table, with the version it was read at. */
  StoreSnapshot snapshot();

  /** The current config version (0 for an empty, never-written store). */
  long version();

  /** Called (off the writer's thread is allowed) with the new version after each committed write. */
  void onChange(LongConsumer listener);

  /** Whether the backing database answers right now. */
  boolean isReachable();

  @Override
  void close();

  /** A consistent read of all tables. */
  record StoreSnapshot(long version, Map<String, List<ObjectNode>> tables) {}
}
