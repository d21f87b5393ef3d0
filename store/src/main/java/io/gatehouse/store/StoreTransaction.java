package io.gatehouse.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.entity.EntityWorkspace;
import java.util.Optional;

/** The operations allowed inside one atomic store transaction. */
public interface StoreTransaction {

  /** Inserts a new row; code 3 if the id exists, 5 on a unique clash, 4 if a parent is missing. */
  ObjectNode insert(String table, ObjectNode entity);

  /** Inserts or replaces the row with the entity's id (same checks as insert, minus code 3). */
  ObjectNode upsert(String table, ObjectNode entity);

  /** Deletes a row, cascading per the table's foreign keys; false if absent. Code 4 if restricted. */
  boolean delete(String table, String id);

  Optional<ObjectNode> get(String table, String id);

  /** Looks a row up by a unique field in the default workspace (see {@link ConfigStore#findByUnique}). */
  default Optional<ObjectNode> findByUnique(String table, String field, String value) {
    return findByUnique(EntityWorkspace.DEFAULT_ID, table, field, value);
  }

  /** Looks a row up by a unique field among the rows of one workspace. */
  Optional<ObjectNode> findByUnique(String workspace, String table, String field, String value);

  /** One page of a table, seen from inside the transaction (same rules as {@link ConfigStore#list}). */
  Page list(String table, PageQuery query);

  /** Work run inside a transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(StoreTransaction tx);
  }
}
