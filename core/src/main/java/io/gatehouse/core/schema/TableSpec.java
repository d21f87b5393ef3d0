package io.gatehouse.core.schema;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a store needs to know about an entity table: its keys, uniqueness rules and foreign keys.
 * Derived from the entity's {@link Schema}; a plugin that adds an entity type (credentials, ACL
 * groups) gets storage without new tables because stores are generic over this description.
 *
 * @param name table name, e.g. {@code services}, {@code keyauth_credentials}
 * @param endpointKey the unique field that may address an entity instead of its id ({@code name},
 *     {@code username}, {@code key} …), or null
 * @param uniqueFields single fields whose non-null values are unique in the table
 * @param compositeUniques field tuples unique together (null counts as a value), e.g. a plugin's
 *     {@code (name, route, service, consumer)} or a target's {@code (upstream, target)}
 * @param foreignKeys references to other tables, stored as {@code {"id": …}} objects in the entity
 * @param tags whether the entity has a {@code tags} field (filterable, listed under {@code /tags})
 * @param ttl whether rows may carry an expiry ({@code ttl} in seconds on write)
 */
public record TableSpec(
    String name,
    @Nullable String endpointKey,
    List<String> uniqueFields,
    List<List<String>> compositeUniques,
    List<ForeignKey> foreignKeys,
    boolean tags,
    boolean ttl) {

  public TableSpec {
    Objects.requireNonNull(name, "name");
    uniqueFields = List.copyOf(uniqueFields);
    compositeUniques = compositeUniques.stream().map(List::copyOf).toList();
    foreignKeys = List.copyOf(foreignKeys);
  }

  /** A foreign key: {@code field} holds {@code {"id": …}} of a row in {@code table}. */
  public record ForeignKey(String field, String table, OnDelete onDelete) {}

  /** What deleting the referenced parent does to the rows that point at it. */
  public enum OnDelete {
    /** delete the children too (plugins of a service, targets of an upstream, credentials …) */
    CASCADE,
    /** refuse the delete with Kong's code-4 error (routes of a service) */
    RESTRICT,
    /** set the reference to null */
    SET_NULL
  }
}
