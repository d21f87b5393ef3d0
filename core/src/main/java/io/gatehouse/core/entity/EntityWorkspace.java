package io.gatehouse.core.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * Which workspace a configuration entity belongs to. Every configuration table is workspaceable, as
 * in Kong ({@code workspaceable = true}); an entity carries {@code ws_id} only when it lives outside
 * the default workspace, so rows written before workspaces existed, and everything decK sends
 * without {@code _workspace}, stay in {@code default} unchanged.
 */
public final class EntityWorkspace {
  /** The default workspace's fixed id (the one every RBAC, audit and workspace row uses). */
  public static final String DEFAULT_ID = "00000000-0000-4000-8000-00000000d3fa";
  /** The field holding the workspace id (Kong's column name). */
  public static final String FIELD = "ws_id";

  /** Kong's {@code unique_across_ws} fields: unique over all workspaces, not per workspace. */
  private static final Set<String> UNIQUE_ACROSS_WORKSPACES = Set.of("snis.name", "vaults.prefix");

  private EntityWorkspace() {}

  /** The entity's workspace id ({@code default}'s when it carries none). */
  public static String of(ObjectNode entity) {
    JsonNode v = entity.get(FIELD);
    return v == null || !v.isTextual() || v.asText().isEmpty() ? DEFAULT_ID : v.asText();
  }

  /** Puts {@code wsId} on the entity, or removes the field for the default workspace. */
  public static ObjectNode stamp(ObjectNode entity, String wsId) {
    if (DEFAULT_ID.equals(wsId)) {
      entity.remove(FIELD);
    } else {
      entity.put(FIELD, wsId);
    }
    return entity;
  }

  /** Whether a unique field of a table is unique across workspaces (Kong's {@code unique_across_ws}). */
  public static boolean uniqueAcrossWorkspaces(String table, String field) {
    return UNIQUE_ACROSS_WORKSPACES.contains(table + "." + field);
  }
}
