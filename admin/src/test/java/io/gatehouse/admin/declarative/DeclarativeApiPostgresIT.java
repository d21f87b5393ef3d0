package io.gatehouse.admin.declarative;

import io.gatehouse.admin.rbac.EnforceMode;
import io.gatehouse.admin.testing.RbacNode;
import io.gatehouse.admin.testing.SharedPostgres;
import io.gatehouse.store.postgres.PostgresConfigStore;
import io.gatehouse.store.postgres.PostgresSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link DeclarativeApiContract} with the configuration and the workspaces on a real PostgreSQL server. */
class DeclarativeApiPostgresIT extends DeclarativeApiContract {
  private static RbacNode node;

  @BeforeAll
  static void start() throws Exception {
    PostgresSettings settings = SharedPostgres.freshSettings();
    node = new RbacNode(EnforceMode.ON, PostgresConfigStore.rbac(settings),
        PostgresConfigStore.audit(settings, () -> System.currentTimeMillis() / 1000),
        io.gatehouse.admin.testing.TestAdmin.StoreKind.POSTGRES);
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
