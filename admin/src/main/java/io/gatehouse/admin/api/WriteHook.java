package io.gatehouse.admin.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.store.ConfigStore;
import io.gatehouse.store.StoreTransaction;

/**
 * Per-table extras around the generic CRUD: input-only pseudo-fields (a certificate's
 * {@code snis}), rows written alongside, and fields added on read.
 */
interface WriteHook {
  /** Removes and keeps pseudo-fields from the input before validation; returns what to apply later. */
  default Object extract(ObjectNode input, ConfigStore store) {
    return null;
  }

  /** Checks and removes pseudo-fields as {@code /schemas/{name}/validate} does (schema checks only, no store). */
  default void validate(ObjectNode input) {}

  /** Adds pseudo-fields to the table's {@code GET /schemas/{name}} description. */
  default ObjectNode describe(ObjectNode schema) {
    return schema;
  }

  /** Runs inside the write transaction after the entity row is written. */
  default void afterWrite(StoreTransaction tx, ObjectNode entity, Object extracted) {}

  /** Adds read-only fields to an entity being returned. */
  default ObjectNode render(ObjectNode entity, ConfigStore store) {
    return entity;
  }

  WriteHook NONE = new WriteHook() {};
}
