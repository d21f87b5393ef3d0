package io.gatehouse.admin.workspaces;

import io.gatehouse.admin.rbac.EnforceMode;
import io.gatehouse.admin.testing.RbacNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link WorkspacesContract} with the workspaces table and the configuration entities on a real PostgreSQL server. */
class WorkspacesPostgresIT extends WorkspacesContract {
  private static RbacNode node;

  @BeforeAll
  static void start() throws Exception {
    node = RbacNode.onPostgres(EnforceMode.ON);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Override
  RbacNode node() {
    return node;
  }
}
