package io.gatehouse.store.rbac;

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

/** The {@code workspaces} rows. The default one comes from the migration and is never deleted here. */
public final class WorkspaceRows {
  private static final String COLUMNS = "id, name, comment, config, meta, created_at, updated_at";

  private final RbacStore store;

  WorkspaceRows(RbacStore store) {
    this.store = store;
  }

  /** Inserts {@code w}; a taken name is Kong's unique violation (code 5). */
  public Workspace insert(Workspace w) {
    return store.run(c -> {
      try {
        update(c, "INSERT INTO workspaces (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
            w.id(), w.name(), w.comment(), w.config(), w.meta(), w.createdAt(), w.updatedAt());
      } catch (SQLException e) {
        if (SideStatements.isUniqueViolation(e)) {
          throw nameTaken(w.name());
        }
        throw e;
      }
      return w;
    });
  }

  public Workspace replace(Workspace w) {
    return store.run(c -> {
      try {
        update(c, "UPDATE workspaces SET name = ?, comment = ?, config = ?, meta = ?, updated_at = ? WHERE id = ?",
            w.name(), w.comment(), w.config(), w.meta(), w.updatedAt(), w.id());
      } catch (SQLException e) {
        if (SideStatements.isUniqueViolation(e)) {
          throw nameTaken(w.name());
        }
        throw e;
      }
      return w;
    });
  }

  /** Deletes the row; false when it did not exist. Callers check emptiness first. */
  public boolean delete(String id) {
    if (Workspaces.DEFAULT_ID.equals(id)) {
      throw new IllegalArgumentException("the default workspace cannot be deleted");
    }
    return store.run(c -> update(c, "DELETE FROM workspaces WHERE id = ?", id) > 0);
  }

  /** The workspace with this id or name (an id wins over a name). */
  public Optional<Workspace> find(String idOrName) {
    return store.run(c -> one(c, "SELECT " + COLUMNS + " FROM workspaces WHERE id = ? OR name = ?"
        + " ORDER BY CASE WHEN id = ? THEN 0 ELSE 1 END", WorkspaceRows::row, idOrName, idOrName, idOrName));
  }

  /** Every workspace, by name. */
  public List<Workspace> list() {
    return store.run(c -> query(c, "SELECT " + COLUMNS + " FROM workspaces ORDER BY name", WorkspaceRows::row));
  }

  /**
   * How many RBAC users and roles live in the workspace (what a delete must find empty; config
   * entities carry no workspace yet, they all live in the default one).
   */
  public long members(String id) {
    return store.run(c -> one(c, "SELECT (SELECT COUNT(*) FROM rbac_users WHERE ws_id = ?)"
        + " + (SELECT COUNT(*) FROM rbac_roles WHERE ws_id = ?)", rs -> rs.getLong(1), id, id).orElse(0L));
  }

  private static KongException nameTaken(String name) {
    return KongException.uniqueViolation(Map.of("name", Json.NODES.textNode(name)));
  }

  private static Workspace row(ResultSet rs) throws SQLException {
    return new Workspace(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getLong(6), rs.getLong(7));
  }
}
