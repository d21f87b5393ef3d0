package io.gatehouse.store.rbac;

import static io.gatehouse.store.internal.SideStatements.one;
import static io.gatehouse.store.internal.SideStatements.query;
import static io.gatehouse.store.internal.SideStatements.update;

import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.store.internal.SideStatements;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Roles' endpoint ({@code rbac_role_endpoints}) and entity ({@code rbac_role_entities}) permissions. */
public final class RbacPermissions {
  private static final String ENDPOINT_COLUMNS =
      "role_id, workspace, endpoint, actions, negative, comment, created_at, updated_at";
  private static final String ENTITY_COLUMNS =
      "role_id, entity_id, entity_type, actions, negative, comment, created_at, updated_at";

  private final RbacStore store;

  RbacPermissions(RbacStore store) {
    this.store = store;
  }

  // --- endpoints -------------------------------------------------------------------------

  /** Adds an endpoint permission; one for the same role, workspace and endpoint is code 5. */
  public EndpointPermission insertEndpoint(EndpointPermission p) {
    return store.run(c -> {
      try {
        insertEndpoint(c, p);
      } catch (SQLException e) {
        if (SideStatements.isUniqueViolation(e)) {
          throw taken(Map.of("workspace", p.workspace(), "endpoint", p.endpoint()));
        }
        throw e;
      }
      return p;
    });
  }

  static void insertEndpoint(Connection c, EndpointPermission p) throws SQLException {
    update(c, "INSERT INTO rbac_role_endpoints (" + ENDPOINT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        p.roleId(), p.workspace(), p.endpoint(), p.actions(), p.negative(), p.comment(), p.createdAt(), p.updatedAt());
  }

  public EndpointPermission updateEndpoint(EndpointPermission p) {
    return store.run(c -> {
      update(c, "UPDATE rbac_role_endpoints SET actions = ?, negative = ?, comment = ?, updated_at = ?"
          + " WHERE role_id = ? AND workspace = ? AND endpoint = ?",
          p.actions(), p.negative(), p.comment(), p.updatedAt(), p.roleId(), p.workspace(), p.endpoint());
      return p;
    });
  }

  public boolean deleteEndpoint(String roleId, String workspace, String endpoint) {
    return store.run(c -> update(c, "DELETE FROM rbac_role_endpoints WHERE role_id = ? AND workspace = ? AND endpoint = ?",
        roleId, workspace, endpoint) > 0);
  }

  public Optional<EndpointPermission> findEndpoint(String roleId, String workspace, String endpoint) {
    return store.run(c -> one(c, "SELECT " + ENDPOINT_COLUMNS + " FROM rbac_role_endpoints"
        + " WHERE role_id = ? AND workspace = ? AND endpoint = ?", RbacPermissions::endpointRow, roleId, workspace, endpoint));
  }

  /** The endpoint permissions of these roles. */
  public List<EndpointPermission> endpoints(Collection<String> roleIds) {
    List<EndpointPermission> out = new ArrayList<>();
    for (String id : roleIds) {
      out.addAll(store.run(c -> query(c, "SELECT " + ENDPOINT_COLUMNS + " FROM rbac_role_endpoints WHERE role_id = ?"
          + " ORDER BY workspace, endpoint", RbacPermissions::endpointRow, id)));
    }
    return out;
  }

  // --- entities --------------------------------------------------------------------------

  /** Adds an entity permission; one for the same role and entity is code 5. */
  public EntityPermission insertEntity(EntityPermission p) {
    return store.run(c -> {
      try {
        insertEntity(c, p);
      } catch (SQLException e) {
        if (SideStatements.isUniqueViolation(e)) {
          throw taken(Map.of("entity_id", p.entityId()));
        }
        throw e;
      }
      return p;
    });
  }

  static void insertEntity(Connection c, EntityPermission p) throws SQLException {
    update(c, "INSERT INTO rbac_role_entities (" + ENTITY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        p.roleId(), p.entityId(), p.entityType(), p.actions(), p.negative(), p.comment(), p.createdAt(), p.updatedAt());
  }

  public EntityPermission updateEntity(EntityPermission p) {
    return store.run(c -> {
      update(c, "UPDATE rbac_role_entities SET actions = ?, negative = ?, comment = ?, updated_at = ?"
          + " WHERE role_id = ? AND entity_id = ?",
          p.actions(), p.negative(), p.comment(), p.updatedAt(), p.roleId(), p.entityId());
      return p;
    });
  }

  public boolean deleteEntity(String roleId, String entityId) {
    return store.run(c -> update(c, "DELETE FROM rbac_role_entities WHERE role_id = ? AND entity_id = ?",
        roleId, entityId) > 0);
  }

  public Optional<EntityPermission> findEntity(String roleId, String entityId) {
    return store.run(c -> one(c, "SELECT " + ENTITY_COLUMNS + " FROM rbac_role_entities WHERE role_id = ? AND entity_id = ?",
        RbacPermissions::entityRow, roleId, entityId));
  }

  /** The entity permissions of these roles. */
  public List<EntityPermission> entities(Collection<String> roleIds) {
    List<EntityPermission> out = new ArrayList<>();
    for (String id : roleIds) {
      out.addAll(store.run(c -> query(c, "SELECT " + ENTITY_COLUMNS + " FROM rbac_role_entities WHERE role_id = ?"
          + " ORDER BY entity_id", RbacPermissions::entityRow, id)));
    }
    return out;
  }

  private static KongException taken(Map<String, String> key) {
    Map<String, com.fasterxml.jackson.databind.JsonNode> nodes = new java.util.TreeMap<>();
    key.forEach((k, v) -> nodes.put(k, Json.NODES.textNode(v)));
    return KongException.uniqueViolation(nodes);
  }

  private static EndpointPermission endpointRow(ResultSet rs) throws SQLException {
    return new EndpointPermission(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5) != 0,
        rs.getString(6), rs.getLong(7), rs.getLong(8));
  }

  private static EntityPermission entityRow(ResultSet rs) throws SQLException {
    return new EntityPermission(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5) != 0,
        rs.getString(6), rs.getLong(7), rs.getLong(8));
  }
}
