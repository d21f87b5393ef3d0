package io.gatehouse.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The operations allowed inside one atomic store transaction. Its reads ({@link EntityReads}) see
 * the transaction's own writes.
 */
public interface StoreTransaction extends EntityReads {

  /** Inserts a new row; code 3 if the id exists, 5 on a unique clash, 4 if a parent is missing. */
  ObjectNode insert(String table, ObjectNode entity);

  /** Inserts or replaces the row with the entity's id (same checks as insert, minus code 3). */
  ObjectNode upsert(String table, ObjectNode entity);

  /** Deletes a row, cascading per the table's foreign keys; false if absent. Code 4 if restricted. */
  boolean delete(String table, String id);

  /**
   * Runs statements on side tables of the same database (the portal's) in this transaction: they
   * commit or roll back with its entities, and never bump the config version. Like each operation,
   * work that throws leaves the transaction as it was.
   */
  <T> T sideTables(SideWork<T> work) throws SQLException;

  /** Work run inside a transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(StoreTransaction tx);
  }

  /** Statements on the transaction's connection (for {@link #sideTables}). */
  @FunctionalInterface
  interface SideWork<T> {
    T run(Connection c) throws SQLException;
  }
}
