package io.gatehouse.admin.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.admin.testing.RbacNode;
import io.gatehouse.store.postgres.PostgresConfigStore;
import io.gatehouse.store.postgres.PostgresSettings;
import io.gatehouse.testsupport.PostgresServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RBAC and the audit log with their tables on a real PostgreSQL server: bootstrap, users and roles
 * through the Admin API, 401/403/allowed, and the audit records of it all.
 */
class RbacPostgresIT {
  private static PostgresServer pg;
  private static RbacNode node;

  @BeforeAll
  static void start() throws Exception {
    pg = PostgresServer.launch();
    pg.createDatabase("rbacit");
    PostgresSettings settings = PostgresSettings.defaults()
        .withServer(pg.host(), pg.port(), "rbacit")
        .withLogin(pg.user(), pg.password())
        .withTimeout(Duration.ofSeconds(5));
    node = new RbacNode(EnforceMode.BOTH, PostgresConfigStore.rbac(settings),
        PostgresConfigStore.audit(settings, () -> System.currentTimeMillis() / 1000));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
    pg.close();
  }

  @Test
  void users_roles_permissions_and_audit_work_on_postgres() {
    AdminClient reader = node.user("pg-reader", "pg-reader-token-1", "read-only");
    assertThat(node.anonymous.get("/services").status()).isEqualTo(401);
    AdminClient.Resp created = node.superAdmin.post("/services", "{\"name\":\"pg-svc\",\"host\":\"pg.test\"}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(reader.get("/services/pg-svc").status()).isEqualTo(200);
    AdminClient.Resp refused = reader.json("PATCH", "/services/pg-svc", "{\"retries\":1}");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.message()).isEqualTo("pg-reader, you do not have permissions to update this resource");
    assertThat(node.superAdmin.get("/rbac/users/pg-reader/roles").json().path("roles").findValuesAsText("name"))
        .containsExactlyInAnyOrder("pg-reader", "read-only");
    var records = node.superAdmin.get("/audit/requests").json().path("data");
    String id = refused.headers().firstValue("X-Kong-Admin-Request-ID").orElseThrow();
    assertThat(records).filteredOn(r -> r.path("request_id").asText().equals(id)).singleElement()
        .satisfies(r -> {
          assertThat(r.path("status").asInt()).isEqualTo(403);
          assertThat(r.path("method").asText()).isEqualTo("PATCH");
          assertThat(r.path("before_digest").isNull()).isTrue(); // refused: no handler ran
        });
    assertThat(records.findValuesAsText("rbac_user_name")).contains("kong_admin", "pg-reader");
  }
}
