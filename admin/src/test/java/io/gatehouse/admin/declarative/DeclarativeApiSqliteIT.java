package io.gatehouse.admin.declarative;

import io.gatehouse.admin.rbac.EnforceMode;
import io.gatehouse.admin.testing.RbacNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link DeclarativeApiContract} on the embedded SQLite store. */
class DeclarativeApiSqliteIT extends DeclarativeApiContract {
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
