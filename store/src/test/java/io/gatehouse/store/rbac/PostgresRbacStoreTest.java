package io.gatehouse.store.rbac;

import io.gatehouse.store.audit.AuditLog;
import io.gatehouse.store.postgres.PostgresConfigStore;
import io.gatehouse.store.postgres.PostgresSettings;
import io.gatehouse.testsupport.PostgresServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The RBAC tables and audit log on a real PostgreSQL server; one schema per test. */
class PostgresRbacStoreTest extends RbacStoreContract {
  private static final AtomicInteger SCHEMAS = new AtomicInteger();
  private static PostgresServer pg;
  private PostgresSettings settings;

  @BeforeAll
  static void startServer() {
    pg = PostgresServer.launch();
    pg.createDatabase("rbac");
  }

  @AfterAll
  static void stopServer() {
    pg.close();
  }

  @Override
  RbacStore openRbac() {
    settings = PostgresSettings.defaults()
        .withServer(pg.host(), pg.port(), "rbac")
        .withLogin(pg.user(), pg.password())
        .withSchema("rbac_" + SCHEMAS.incrementAndGet())
        .withTimeout(Duration.ofSeconds(2));
    return PostgresConfigStore.rbac(settings);
  }

  @Override
  AuditLog openAudit() {
    return PostgresConfigStore.audit(settings, seconds::get);
  }
}
