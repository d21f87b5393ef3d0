package io.gatehouse.admin.declarative;

import io.gatehouse.admin.rbac.EnforceMode;
import io.gatehouse.admin.testing.RbacNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link DeclarativeApiContract} with the configuration and the workspaces on a real PostgreSQL server. */
class DeclarativeApiPostgresIT extends DeclarativeApiContract {
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
