package io.gatehouse.store.rbac;

import static io.gatehouse.store.internal.SideStatements.inTransaction;
import static io.gatehouse.store.internal.SideStatements.one;
import static io.gatehouse.store.internal.SideStatements.query;
import static io.gatehouse.store.internal.SideStatements.update;

import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.store.internal.SideStatements;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code rbac_roles} rows; deleting one deletes its permissions and assignments. */
public final class RbacRoles {
  private static final String COLUMNS = "id, ws_id, name, comment, is_default, created_at, updated_at";

  private final RbacStore store;

  RbacRoles(RbacStore store) {
    this.store = store;
  }

  /** Inserts {@code r}; a taken name (in its workspace) is Kong's unique violation (code 5). */
  public RbacRole insert(RbacRole r) {
    return store.run(c -> {
      try {
        update(c, "INSERT INTO rbac_roles (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
            r.id(), r.wsId(), r.name(), r.comment(), r.isDefault(), r.createdAt(), r.updatedAt());
      } catch (SQLException e) {
        if (SideStatements.isUniqueViolation(e)) {
          throw nameTaken(r.name());
        }
        throw e;
      }
      return r;
    });
  }

  /**
   * Inserts {@code r} with its endpoint and entity permissions unless a role of that name exists in
   * its workspace (several nodes may start at once); returns whether it was inserted.
   */
  public boolean insertIfAbsent(RbacRole r, List<EndpointPermission> endpoints, List<EntityPermission> entities) {
    return store.run(c -> inTransaction(c, tx -> {
      int n = update(tx, "INSERT INTO rbac_roles (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (ws_id, name) DO NOTHING",
          r.id(), r.wsId(), r.name(), r.comment(), r.isDefault(), r.createdAt(), r.updatedAt());
      if (n == 0) {
        return false;
      }
      for (EndpointPermission p : endpoints) {
        RbacPermissions.insertEndpoint(tx, p);
      }
      for (EntityPermission p : entities) {
        RbacPermissions.insertEntity(tx, p);
      }
      return true;
    }));
  }

  public RbacRole replace(RbacRole r) {
    return store.run(c -> {
      try {
        update(c, "UPDATE rbac_roles SET name = ?, comment = ?, updated_at = ? WHERE id = ?",
            r.name(), r.comment(), r.updatedAt(), r.id());
      } catch (SQLException e) {
        if (SideStatements.isUniqueViolation(e)) {
          throw nameTaken(r.name());
        }
        throw e;
      }
      return r;
    });
  }

  /** Deletes the role, its permissions and its assignments; false when it did not exist. */
  public boolean delete(String id) {
    return store.run(c -> inTransaction(c, tx -> {
      update(tx, "DELETE FROM rbac_user_roles WHERE role_id = ?", id);
      update(tx, "DELETE FROM rbac_role_endpoints WHERE role_id = ?", id);
      update(tx, "DELETE FROM rbac_role_entities WHERE role_id = ?", id);
      return update(tx, "DELETE FROM rbac_roles WHERE id = ?", id) > 0;
    }));
  }

  /** The role with this id or name in workspace {@code wsId}. */
  public Optional<RbacRole> find(String wsId, String idOrName) {
    return store.run(c -> one(c, "SELECT " + COLUMNS + " FROM rbac_roles WHERE ws_id = ? AND (id = ? OR name = ?)"
        + " ORDER BY CASE WHEN id = ? THEN 0 ELSE 1 END", RbacRoles::row, wsId, idOrName, idOrName, idOrName));
  }

  /** Every role of a workspace, by name. */
  public List<RbacRole> list(String wsId) {
    return store.run(c -> query(c, "SELECT " + COLUMNS + " FROM rbac_roles WHERE ws_id = ? ORDER BY name",
        RbacRoles::row, wsId));
  }

  private static KongException nameTaken(String name) {
    return KongException.uniqueViolation(Map.of("name", Json.NODES.textNode(name)));
  }

  static RbacRole row(ResultSet rs) throws SQLException {
    return new RbacRole(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5) != 0,
        rs.getLong(6), rs.getLong(7));
  }
}
