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

/** The {@code rbac_users} rows and their roles ({@code rbac_user_roles}). */
public final class RbacUsers {
  private static final String COLUMNS =
      "id, ws_id, name, user_token, user_token_ident, comment, enabled, created_at, updated_at";

  private final RbacStore store;

  RbacUsers(RbacStore store) {
    this.store = store;
  }

  /** Inserts {@code u}; a taken name (in its workspace) is Kong's unique violation (code 5). */
  public RbacUser insert(RbacUser u) {
    return store.run(c -> {
      try {
        update(c, "INSERT INTO rbac_users (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            u.id(), u.wsId(), u.name(), u.tokenHash(), u.tokenIdent(), u.comment(), u.enabled(), u.createdAt(), u.updatedAt());
      } catch (SQLException e) {
        if (SideStatements.isUniqueViolation(e)) {
          throw nameTaken(u.name());
        }
        throw e;
      }
      return u;
    });
  }

  /** Replaces the row with {@code u}'s id. */
  public RbacUser replace(RbacUser u) {
    return store.run(c -> {
      try {
        update(c, "UPDATE rbac_users SET name = ?, user_token = ?, user_token_ident = ?, comment = ?, enabled = ?,"
            + " updated_at = ? WHERE id = ?", u.name(), u.tokenHash(), u.tokenIdent(), u.comment(), u.enabled(),
            u.updatedAt(), u.id());
      } catch (SQLException e) {
        if (SideStatements.isUniqueViolation(e)) {
          throw nameTaken(u.name());
        }
        throw e;
      }
      return u;
    });
  }

  /** Deletes the user and its role assignments; false when it did not exist. */
  public boolean delete(String id) {
    return store.run(c -> inTransaction(c, tx -> {
      update(tx, "DELETE FROM rbac_user_roles WHERE user_id = ?", id);
      update(tx, "DELETE FROM rbac_user_passwords WHERE user_id = ?", id);
      return update(tx, "DELETE FROM rbac_users WHERE id = ?", id) > 0;
    }));
  }

  /** The user with this id or name in workspace {@code wsId}. */
  public Optional<RbacUser> find(String wsId, String idOrName) {
    return store.run(c -> one(c, "SELECT " + COLUMNS + " FROM rbac_users WHERE ws_id = ? AND (id = ? OR name = ?)"
        + " ORDER BY CASE WHEN id = ? THEN 0 ELSE 1 END", RbacUsers::row, wsId, idOrName, idOrName, idOrName));
  }

  /** The users whose token ident is {@code ident} (usually one), in any workspace. */
  public List<RbacUser> byTokenIdent(String ident) {
    return store.run(c -> query(c, "SELECT " + COLUMNS + " FROM rbac_users WHERE user_token_ident = ?", RbacUsers::row, ident));
  }

  /** Every user of a workspace, by name. */
  public List<RbacUser> list(String wsId) {
    return store.run(c -> query(c, "SELECT " + COLUMNS + " FROM rbac_users WHERE ws_id = ? ORDER BY name",
        RbacUsers::row, wsId));
  }

  /** Whether any user exists at all. */
  public boolean any() {
    return store.run(c -> one(c, "SELECT 1 FROM rbac_users LIMIT 1", rs -> true).isPresent());
  }

  /** The user's password hash (an Argon2id PHC string), if it has a password. */
  public Optional<String> passwordHash(String userId) {
    return store.run(c -> one(c, "SELECT password_hash FROM rbac_user_passwords WHERE user_id = ?", rs -> rs.getString(1), userId));
  }

  /** Sets the user's password hash, or removes its password when {@code hash} is null. */
  public void passwordHash(String userId, @org.jspecify.annotations.Nullable String hash, long updatedAt) {
    store.run(c -> hash == null
        ? update(c, "DELETE FROM rbac_user_passwords WHERE user_id = ?", userId)
        : update(c, "INSERT INTO rbac_user_passwords (user_id, password_hash, updated_at) VALUES (?, ?, ?)"
            + " ON CONFLICT (user_id) DO UPDATE SET password_hash = excluded.password_hash, updated_at = excluded.updated_at",
            userId, hash, updatedAt));
  }

  /** Gives the user a role (a no-op when it has it). */
  public void addRole(String userId, String roleId) {
    store.run(c -> update(c, "INSERT INTO rbac_user_roles (user_id, role_id) VALUES (?, ?)"
        + " ON CONFLICT (user_id, role_id) DO NOTHING", userId, roleId));
  }

  /** Takes a role from the user; false when it did not have it. */
  public boolean removeRole(String userId, String roleId) {
    return store.run(c -> update(c, "DELETE FROM rbac_user_roles WHERE user_id = ? AND role_id = ?", userId, roleId) > 0);
  }

  /** The user's roles, by name. */
  public List<RbacRole> roles(String userId) {
    return store.run(c -> query(c, "SELECT r.id, r.ws_id, r.name, r.comment, r.is_default, r.created_at, r.updated_at"
        + " FROM rbac_roles r JOIN rbac_user_roles ur ON ur.role_id = r.id WHERE ur.user_id = ? ORDER BY r.name",
        RbacRoles::row, userId));
  }

  private static KongException nameTaken(String name) {
    return KongException.uniqueViolation(Map.of("name", Json.NODES.textNode(name)));
  }

  static RbacUser row(ResultSet rs) throws SQLException {
    return new RbacUser(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getInt(7) != 0, rs.getLong(8), rs.getLong(9));
  }
}
