package io.gatehouse.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.schema.TableSpec;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Where accepted configuration lives. Entities are Kong-shaped JSON objects that were already
 * validated and completed (id, timestamps, defaults) by the caller; the store enforces what only it
 * can: uniqueness, foreign keys, cascades, and durability. Every write bumps a monotonic config
 * version in the same transaction and then notifies the listeners, so the runtime can rebuild.
 *
 * <p>Errors are {@link io.gatehouse.core.error.KongException}s with Kong's codes: 3 primary key
 * violation, 4 foreign key violation, 5 unique violation, 7 invalid offset, 8 database error.
 *
 * <p>Rows of a table whose spec allows {@code ttl} and that are written with a positive numeric
 * {@code ttl} (seconds) expire then: the stored body loses {@code ttl}, reads report the whole
 * seconds left as {@code ttl}, and once expired the row is invisible to every read (and purged by a
 * later write, freeing its id and unique values).
 *
 * <p>All implementations pass the shared contract suite ({@code ConfigStoreContract} in the
 * store's test jar).
 */
public interface ConfigStore extends EntityReads, AutoCloseable {

  /**
   * Makes a table known to the store. Registering the same spec again is a no-op; another spec
   * under a registered name is an {@link IllegalStateException}. Using an unregistered table is an
   * {@link IllegalArgumentException}.
   */
  void register(TableSpec table);

  /**
   * Runs {@code work} in one atomic transaction; its writes bump the version once (a transaction
   * that writes nothing leaves it alone). If {@code work} throws, nothing it wrote is kept. Writers
   * run one at a time; transactions do not nest ({@link IllegalStateException}).
   */
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

  /**
   * One page of {@code {"entity_name", "entity_id", "tag"}} rows ordered by tag, table and id, for
   * one {@code tag} or for all when it is null. Only {@code size} and {@code offset} of the query
   * apply.
   */
  Page listTags(PageQuery query, @Nullable String tag);

  /**
   * Workspace id → name, for the proxy to name a route's workspace in logs and metrics. A store
   * without workspaces (DB-less) knows only the default one.
   */
  default Map<String, String> workspaceNames() {
    return Map.of(io.gatehouse.core.entity.EntityWorkspace.DEFAULT_ID, "default");
  }

  /** The ids of the workspaces that hold rows of a table (expired rows included; cheap: an index scan). */
  java.util.Set<String> workspacesOf(String table);

  /** A consistent copy of every registered table, with the version it was read at. */
  StoreSnapshot snapshot();

  /** The current config version (0 for an empty, never-written store). */
  long version();

  /**
   * Called with the new version after each committed write, outside the write lock (the listener
   * may read the store). Calls arrive in increasing version order; a version already superseded
   * when its turn comes may be skipped. A listener that throws is logged and ignored.
   */
  void onChange(LongConsumer listener);

  /** Whether the backing database answers right now. */
  boolean isReachable();

  @Override
  void close();

  /** A consistent read of all tables. */
  record StoreSnapshot(long version, Map<String, List<ObjectNode>> tables) {}
}
