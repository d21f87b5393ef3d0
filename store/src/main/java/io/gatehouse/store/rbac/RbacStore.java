package io.gatehouse.store.rbac;

import io.gatehouse.store.internal.ConnectionTurns;
import io.gatehouse.store.internal.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The RBAC tables of one database: {@link #users()}, {@link #roles()}, {@link #permissions()}, {@link #workspaces()}.
 * Blocking JDBC: call it from a worker thread (the Admin API's handlers run on virtual threads).
 */
public final class RbacStore implements AutoCloseable {
  private final ConnectionTurns connections;
  private final RbacUsers users;
  private final RbacRoles roles;
  private final RbacPermissions permissions;
  private final WorkspaceRows workspaces;

  private RbacStore(ConnectionTurns connections) {
    this.connections = connections;
    this.users = new RbacUsers(this);
    this.roles = new RbacRoles(this);
    this.permissions = new RbacPermissions(this);
    this.workspaces = new WorkspaceRows(this);
  }

  /** Over one auto-commit connection (SQLite), owned from now on; calls take turns. */
  public static RbacStore single(Connection connection) {
    return new RbacStore(ConnectionTurns.single(Objects.requireNonNull(connection, "connection")));
  }

  /** Over a pool of auto-commit connections (PostgreSQL), owned from now on. */
  public static RbacStore pooled(DataSource pool) {
    return new RbacStore(ConnectionTurns.pooled(Objects.requireNonNull(pool, "pool")));
  }

  public RbacUsers users() {
    return users;
  }

  public RbacRoles roles() {
    return roles;
  }

  public RbacPermissions permissions() {
    return permissions;
  }

  /** The Manager's login sessions of {@code kind} (the cookie's name), on these connections. */
  public io.gatehouse.store.login.LoginSessionRows sessions(String kind) {
    return new io.gatehouse.store.login.LoginSessionRows(connections, kind);
  }

  /** Kong Enterprise's workspaces (the default one always exists). */
  public WorkspaceRows workspaces() {
    return workspaces;
  }

  <T> T run(ConnectionTurns.Work<T> work) {
    try {
      return connections.use(work);
    } catch (SQLException e) {
      throw Jdbc.databaseError("RBAC operation failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      connections.close();
    } catch (Exception e) {
      throw Jdbc.databaseError("cannot close the RBAC connection: " + e.getMessage(), e);
    }
  }
}
