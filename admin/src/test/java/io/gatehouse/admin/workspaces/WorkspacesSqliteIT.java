package io.gatehouse.admin.workspaces;

import io.gatehouse.admin.rbac.EnforceMode;
import io.gatehouse.admin.testing.RbacNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link WorkspacesContract} with the workspaces table in SQLite. */
class WorkspacesSqliteIT extends WorkspacesContract {
  private static RbacNode node;

  @BeforeAll
  static void start() throws Exception {
    node = new RbacNode(EnforceMode.ON);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Override
  RbacNode node() {
    return node;
  }
}
