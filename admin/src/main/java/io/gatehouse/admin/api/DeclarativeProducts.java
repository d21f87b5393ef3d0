package io.gatehouse.admin.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.admin.http.WorkspaceRef;
import java.util.List;
import java.util.Map;

/**
 * The portal's API products as a declarative file's {@code _gatehouse_products} section (issue 20),
 * served by the portal when it is on. An import checks the whole section against the file's entities
 * before anything is written, then applies it in the transaction that writes the entities, after them.
 */
public interface DeclarativeProducts {
  /** The workspace's products, services and routes named as {@code tables} (its entities) name them. */
  ArrayNode export(WorkspaceRef ws, Map<String, List<ObjectNode>> tables);

  /**
   * Adds the workspace's products to an exported file, if it has any: a workspace without products
   * exports a plain Kong file (decK validates it; importing it needs no rights on the products and
   * leaves any products of the target alone).
   */
  default void exportInto(ObjectNode file, WorkspaceRef ws, Map<String, List<ObjectNode>> tables) {
    ArrayNode section = export(ws, tables);
    if (!section.isEmpty()) {
      file.set(io.gatehouse.core.declarative.DeclarativeConfig.PRODUCTS, section);
    }
  }

  /**
   * What making the workspace's products exactly {@code section} takes, references resolved in
   * {@code want} (the workspace's entities once imported).
   *
   * @throws io.gatehouse.core.error.KongException code 14 naming each product's bad fields
   */
  default Changes plan(WorkspaceRef ws, List<ObjectNode> section, Map<String, List<ObjectNode>> want) {
    return plan(ws, section, want, true);
  }

  /**
   * As {@link #plan(WorkspaceRef, List, Map)}; {@code prune} false leaves products the section does not
   * name in place ({@code config db_import} upserts and never deletes, as Kong's does).
   */
  Changes plan(WorkspaceRef ws, List<ObjectNode> section, Map<String, List<ObjectNode>> want, boolean prune);

  /** A checked section. */
  interface Changes {
    /** {@code created}, {@code updated} and {@code deleted} product names. */
    ObjectNode summary();

    /**
     * Creates, updates and deletes the products, and guards and grants every product again, in
     * {@code tx}: a transaction of the node's store (not of a workspace's view) in which the file's
     * entities are already written. A refusal throws, and the caller's transaction rolls back
     * entities and products alike.
     */
    void apply(io.gatehouse.store.StoreTransaction tx);
  }
}
