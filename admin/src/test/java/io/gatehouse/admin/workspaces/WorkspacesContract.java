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
    assertThat(admin().post("/workspaces", "{\"name\":\"rbac\"}").json().path("fields").path("name").asText())
        .isEqualTo("'rbac' is an Admin API path; a workspace cannot be named so");
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

  @Test
  void workspace_prefixes_scope_roles_and_a_team_token_stays_in_its_workspace() {
    String suffix = getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    String a = "pa-" + suffix;
    String b = "pb-" + suffix;
    assertThat(admin().post("/workspaces", "{\"name\":\"" + a + "\"}").status()).isEqualTo(201);
    assertThat(admin().post("/workspaces", "{\"name\":\"" + b + "\"}").status()).isEqualTo(201);

    // the same role name in two workspaces; neither is visible in the default one
    assertThat(admin().post("/" + a + "/rbac/roles", "{\"name\":\"team-admin\"}").status()).isEqualTo(201);
    assertThat(admin().post("/" + b + "/rbac/roles", "{\"name\":\"team-admin\"}").status()).isEqualTo(201);
    assertThat(admin().get("/" + a + "/rbac/roles").json().path("data").findValuesAsText("name")).containsExactly("team-admin");
    assertThat(admin().get("/rbac/roles/team-admin").status()).isEqualTo(404);
    assertThat(admin().get("/default/rbac/roles/team-admin").status()).isEqualTo(404);
    assertThat(admin().get("/default/rbac/roles/read-only").status()).isEqualTo(200);

    // a workspace's role grants only in that workspace
    AdminClient.Resp wide = admin().post("/" + a + "/rbac/roles/team-admin/endpoints", "{\"workspace\":\"*\",\"endpoint\":\"*\"}");
    assertThat(wide.status()).isEqualTo(400);
    assertThat(wide.json().path("fields").path("workspace").asText()).contains("grants only in '" + a + "'");
    AdminClient.Resp own = admin().post("/" + a + "/rbac/roles/team-admin/endpoints", "{\"endpoint\":\"*\"}");
    assertThat(own.status()).as(own.toString()).isEqualTo(201);
    assertThat(own.json().path("workspace").asText()).isEqualTo(a);

    AdminClient alice = node().user("alice-" + suffix, "alice-token-" + suffix);
    assertThat(admin().post("/" + a + "/rbac/users/alice-" + suffix + "/roles", "{\"roles\":\"team-admin\"}").status())
        .isEqualTo(201);
    assertThat(alice.get("/" + a + "/rbac/roles").status()).isEqualTo(200);
    assertThat(alice.post("/" + a + "/rbac/roles", "{\"name\":\"helper\"}").status()).isEqualTo(201);
    assertThat(alice.get("/" + b + "/rbac/roles").status()).isEqualTo(403);
    assertThat(alice.get("/services").status()).isEqualTo(403);
    assertThat(alice.get("/default/services").status()).isEqualTo(403);
    // schemas are read under the team's own prefix (the Manager's forms), not under another's
    AdminClient.Resp schema = alice.get("/" + a + "/schemas/services");
    assertThat(schema.status()).as(schema.toString()).isEqualTo(200);
    assertThat(schema.json().path("fields").isArray()).isTrue();
    assertThat(alice.get("/" + b + "/schemas/services").status()).isEqualTo(403);
    assertThat(alice.get("/schemas/services").status()).isEqualTo(403);

    // unknown workspace: 404; entity endpoints serve the workspace's own rows (issue 19, second
    // part: this asserted a 400 while entities carried no workspace); others refuse other workspaces
    assertThat(admin().get("/no-such-ws/rbac/roles").status()).isEqualTo(404);
    assertThat(admin().get("/no-such-ws/services").status()).isEqualTo(404);
    AdminClient.Resp services = admin().get("/" + a + "/services");
    assertThat(services.status()).isEqualTo(200);
    assertThat(services.json().path("data").isEmpty()).isTrue();
    AdminClient.Resp status = admin().get("/" + a + "/status");
    assertThat(status.status()).isEqualTo(400);
    assertThat(status.message()).contains("default workspace only");
    assertThat(admin().get("/default/services").status()).isEqualTo(200);

    // a workspace holding roles is not deleted
    assertThat(admin().delete("/workspaces/" + b).status()).isEqualTo(400);
    assertThat(admin().delete("/" + b + "/rbac/roles/team-admin").status()).isEqualTo(204);
    assertThat(admin().delete("/workspaces/" + b).status()).isEqualTo(204);
  }

  @Test
  void entities_live_in_their_workspace_with_names_and_references_per_workspace() {
    String ws = "ents-" + getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    String wsId = admin().post("/workspaces", "{\"name\":\"" + ws + "\"}").json().path("id").asText();
    String svc = "ws-svc-" + ws;
    AdminClient.Resp inDefault = admin().post("/services", "{\"name\":\"" + svc + "\",\"url\":\"http://a.test\"}");
    assertThat(inDefault.status()).as(inDefault.toString()).isEqualTo(201);
    AdminClient.Resp inWs = admin().post("/" + ws + "/services", "{\"name\":\"" + svc + "\",\"url\":\"http://b.test\"}");
    assertThat(inWs.status()).as("the same name in another workspace: %s", inWs).isEqualTo(201);
    assertThat(inWs.json().has("ws_id")).as("Kong hides ws_id from the Admin API").isFalse();
    String defaultId = inDefault.json().path("id").asText();
    String wsSvcId = inWs.json().path("id").asText();
    AdminClient.Resp twice = admin().post("/" + ws + "/services", "{\"name\":\"" + svc + "\",\"url\":\"http://c.test\"}");
    assertThat(twice.status()).isEqualTo(409);
    assertThat(twice.json().path("code").asInt()).isEqualTo(5);

    // by name and by id, each workspace sees only its own
    assertThat(admin().get("/" + ws + "/services/" + svc).json().path("id").asText()).isEqualTo(wsSvcId);
    assertThat(admin().get("/services/" + svc).json().path("id").asText()).isEqualTo(defaultId);
    assertThat(admin().get("/" + ws + "/services/" + defaultId).status()).isEqualTo(404);
    assertThat(admin().get("/services/" + wsSvcId).status()).isEqualTo(404);
    assertThat(admin().get("/" + ws + "/services").json().path("data").findValuesAsText("id")).containsExactly(wsSvcId);
    assertThat(admin().get("/services").json().path("data").findValuesAsText("id")).doesNotContain(wsSvcId);
    AdminClient.Resp patched = admin().json("PATCH", "/" + ws + "/services/" + svc, "{\"retries\":2}");
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    assertThat(patched.json().path("host").asText()).isEqualTo("b.test");

    // a route may point only at a service of its own workspace
    AdminClient.Resp foreign = admin().post("/" + ws + "/routes",
        "{\"paths\":[\"/ws-foreign\"],\"service\":{\"id\":\"" + defaultId + "\"}}");
    assertThat(foreign.status()).as(foreign.toString()).isEqualTo(400);
    assertThat(foreign.json().path("code").asInt()).isEqualTo(4);
    AdminClient.Resp byName = admin().post("/" + ws + "/routes",
        "{\"name\":\"ws-route-" + ws + "\",\"paths\":[\"/ws-own-" + ws + "\"],\"service\":{\"name\":\"" + svc + "\"}}");
    assertThat(byName.status()).as(byName.toString()).isEqualTo(201);
    assertThat(byName.json().path("service").path("id").asText()).isEqualTo(wsSvcId);
    assertThat(admin().get("/" + ws + "/services/" + svc + "/routes").json().path("data").size()).isEqualTo(1);
    assertThat(admin().get("/services/" + svc + "/routes").json().path("data").size()).isZero();

    // a workspace holding entities is not deleted; emptied, it is
    AdminClient.Resp held = admin().delete("/workspaces/" + ws);
    assertThat(held.status()).isEqualTo(400);
    assertThat(held.message()).isEqualTo("Workspace is not empty");
    assertThat(admin().delete("/services/" + wsSvcId).status()).as("another workspace's id is not deleted").isEqualTo(204);
    assertThat(admin().get("/" + ws + "/services/" + wsSvcId).status()).isEqualTo(200);
    assertThat(admin().delete("/" + ws + "/routes/ws-route-" + ws).status()).isEqualTo(204);
    assertThat(admin().delete("/" + ws + "/services/" + svc).status()).isEqualTo(204);
    assertThat(admin().delete("/workspaces/" + wsId).status()).isEqualTo(204);
    assertThat(admin().get("/services/" + svc).status()).isEqualTo(200);
  }

  /** Kong Enterprise's {@code /{workspace}/tags}: only that workspace's tags; {@code /tags} is the default workspace's. */
  @Test
  void tags_and_enabled_plugins_are_served_per_workspace() {
    assertThat(admin().post("/workspaces", "{\"name\":\"team-tags\"}").status()).isEqualTo(201);
    assertThat(admin().post("/services", "{\"name\":\"tagged-d\",\"host\":\"d.test\",\"tags\":[\"wt-both\",\"wt-default\"]}")
        .status()).isEqualTo(201);
    String teamId = admin().post("/team-tags/services",
        "{\"name\":\"tagged-t\",\"host\":\"t.test\",\"tags\":[\"wt-both\",\"wt-team\"]}").json().path("id").asText();

    AdminClient.Resp team = admin().get("/team-tags/tags?size=1000");
    assertThat(team.status()).as(team.toString()).isEqualTo(200);
    assertThat(team.json().path("data").findValuesAsText("tag")).containsExactlyInAnyOrder("wt-both", "wt-team");
    AdminClient.Resp both = admin().get("/team-tags/tags/wt-both");
    assertThat(both.json().path("data").findValuesAsText("entity_id")).containsExactly(teamId);
    assertThat(admin().get("/tags?size=1000").json().path("data").findValuesAsText("tag"))
        .contains("wt-both", "wt-default").doesNotContain("wt-team");
    assertThat(admin().get("/team-tags/tags/wt-default").json().path("data").isEmpty()).isTrue();
    // paging under the prefix keeps it
    AdminClient.Resp first = admin().get("/team-tags/tags?size=1");
    assertThat(first.json().path("next").asText()).startsWith("/team-tags/tags?");

    AdminClient.Resp enabled = admin().get("/team-tags/plugins/enabled");
    assertThat(enabled.status()).isEqualTo(200);
    assertThat(enabled.json().path("enabled_plugins")).isEqualTo(admin().get("/plugins/enabled").json().path("enabled_plugins"));

    assertThat(admin().delete("/team-tags/services/tagged-t").status()).isEqualTo(204);
    assertThat(admin().delete("/services/tagged-d").status()).isEqualTo(204);
  }
}
