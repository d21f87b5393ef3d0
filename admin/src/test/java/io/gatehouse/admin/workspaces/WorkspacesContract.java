package io.gatehouse.admin.workspaces;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.admin.testing.RbacNode;
import io.gatehouse.store.rbac.Workspaces;
import org.junit.jupiter.api.Test;

/**
 * {@code /workspaces} on a real node whose RBAC tables are in the store a subclass picks: the
 * default workspace from the migration, CRUD by id and name, Kong's name rules, the refused deletes.
 */
abstract class WorkspacesContract {
  /** The node under test, RBAC enforced; requests go as the super admin. */
  abstract RbacNode node();

  private AdminClient admin() {
    return node().superAdmin;
  }

  @Test
  void the_default_workspace_exists_and_cannot_be_deleted_or_renamed() {
    AdminClient.Resp got = admin().get("/workspaces/default");
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.json().path("id").asText()).isEqualTo(Workspaces.DEFAULT_ID);
    assertThat(got.json().path("config").isObject()).isTrue();
    assertThat(got.json().path("meta").isObject()).isTrue();
    assertThat(admin().get("/workspaces/" + Workspaces.DEFAULT_ID).json().path("name").asText()).isEqualTo("default");

    AdminClient.Resp deleted = admin().delete("/workspaces/default");
    assertThat(deleted.status()).isEqualTo(400);
    assertThat(deleted.message()).isEqualTo("Cannot delete default workspace");
    AdminClient.Resp renamed = admin().json("PATCH", "/workspaces/default", "{\"name\":\"other\"}");
    assertThat(renamed.status()).isEqualTo(400);
    assertThat(renamed.json().path("fields").path("name").asText()).contains("cannot be renamed");
    assertThat(admin().get("/workspaces/default").status()).isEqualTo(200);
  }

  @Test
  void a_workspace_is_created_listed_updated_and_deleted() {
    AdminClient.Resp created = admin().post("/workspaces",
        "{\"name\":\"team-a\",\"comment\":\"the A team\",\"meta\":{\"color\":\"#ff0000\"}}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.json().path("id").asText();
    assertThat(created.json().path("meta").path("color").asText()).isEqualTo("#ff0000");
    assertThat(created.json().path("created_at").asLong()).isPositive();

    assertThat(admin().get("/workspaces").json().path("data").findValuesAsText("name")).contains("default", "team-a");
    AdminClient.Resp taken = admin().post("/workspaces", "{\"name\":\"team-a\"}");
    assertThat(taken.status()).isEqualTo(409);
    assertThat(taken.json().path("name").asText()).isEqualTo("unique constraint violation");

    AdminClient.Resp patched = admin().json("PATCH", "/workspaces/" + id, "{\"name\":\"team-a2\",\"comment\":null}");
    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.json().path("comment").isNull()).isTrue();
    assertThat(patched.json().path("meta").path("color").asText()).isEqualTo("#ff0000");
    assertThat(admin().get("/workspaces/team-a").status()).isEqualTo(404);
    assertThat(admin().get("/workspaces/team-a2").json().path("id").asText()).isEqualTo(id);

    assertThat(admin().delete("/workspaces/team-a2").status()).isEqualTo(204);
    assertThat(admin().get("/workspaces/" + id).status()).isEqualTo(404);
  }

  @Test
  void names_follow_kong_rules() {
    JsonNode bad = admin().post("/workspaces", "{\"name\":\"a b\"}").json();
    assertThat(bad.path("code").asInt()).isEqualTo(2);
    assertThat(bad.path("fields").path("name").asText())
        .isEqualTo("invalid value 'a b': the only accepted ascii characters are alphanumerics or ., -, _, and ~");
    assertThat(admin().post("/workspaces", "{\"name\":\"services\"}").json().path("fields").path("name").asText())
        .startsWith("must not be one of: workspaces, consumers");
    assertThat(admin().post("/workspaces", "{}").json().path("fields").path("name").asText())
        .isEqualTo("required field missing");
    assertThat(admin().post("/workspaces", "{\"name\":\"x\",\"colour\":1}").json().path("fields").path("colour").asText())
        .isEqualTo("unknown field");
  }

  @Test
  void a_workspace_holding_rbac_rows_is_not_deleted() {
    String id = admin().post("/workspaces", "{\"name\":\"team-held\"}").json().path("id").asText();
    // no Admin API puts a role in another workspace yet: insert one as a later workspace-scoped role would be
    long now = System.currentTimeMillis() / 1000;
    node().rbacStore.roles().insert(new io.gatehouse.store.rbac.RbacRole(java.util.UUID.randomUUID().toString(), id,
        "held-role", null, false, now, now));
    AdminClient.Resp refused = admin().delete("/workspaces/team-held");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.message()).isEqualTo("Workspace is not empty");
    assertThat(admin().get("/workspaces/team-held").status()).isEqualTo(200);
  }

  @Test
  void a_read_only_user_reads_workspaces_but_cannot_write_them() {
    AdminClient reader = node().user("ws-reader-" + getClass().getSimpleName(), "ws-reader-token-" + getClass().getSimpleName(),
        "read-only");
    assertThat(reader.get("/workspaces").status()).isEqualTo(200);
    assertThat(reader.post("/workspaces", "{\"name\":\"by-reader\"}").status()).isEqualTo(403);
    assertThat(reader.delete("/workspaces/default").status()).isEqualTo(403);
  }
}
