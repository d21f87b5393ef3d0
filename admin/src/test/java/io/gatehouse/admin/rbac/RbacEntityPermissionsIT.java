package io.gatehouse.admin.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.admin.testing.RbacNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Entity permissions with {@code enforce_rbac = entity}: per-entity checks, filtered listings, creators' grants. */
class RbacEntityPermissionsIT {
  private static RbacNode node;
  private static String a;
  private static String b;

  @BeforeAll
  static void start() throws Exception {
    node = new RbacNode(EnforceMode.ENTITY);
    a = node.superAdmin.post("/services", "{\"name\":\"ent-a\",\"host\":\"a.test\"}").json().path("id").asText();
    b = node.superAdmin.post("/services", "{\"name\":\"ent-b\",\"host\":\"b.test\"}").json().path("id").asText();
    assertThat(a).isNotEmpty();
    assertThat(b).isNotEmpty();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static List<String> names(AdminClient.Resp list) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : list.json().path("data")) {
      out.add(e.path("name").asText());
    }
    return out;
  }

  @Test
  void a_user_reaches_only_the_entities_its_roles_name() {
    assertThat(node.superAdmin.post("/rbac/roles", "{\"name\":\"a-editor\"}").status()).isEqualTo(201);
    AdminClient.Resp perm = node.superAdmin.post("/rbac/roles/a-editor/entities",
        "{\"entity_id\":\"" + a + "\",\"actions\":[\"read\",\"update\"]}");
    assertThat(perm.status()).isEqualTo(201);
    assertThat(perm.json().path("entity_type").asText()).isEqualTo("services");
    AdminClient carol = node.user("carol", "carol-token-1", "a-editor");

    assertThat(carol.get("/services/" + a).status()).isEqualTo(200);
    assertThat(carol.get("/services/ent-a").status()).isEqualTo(200); // by name too
    AdminClient.Resp other = carol.get("/services/ent-b");
    assertThat(other.status()).isEqualTo(403);
    assertThat(other.message()).isEqualTo("carol, you do not have permissions to read this resource");
    assertThat(names(carol.get("/services"))).containsExactly("ent-a");
    assertThat(carol.json("PATCH", "/services/ent-a", "{\"retries\":3}").status()).isEqualTo(200);
    assertThat(carol.delete("/services/ent-a").status()).isEqualTo(403);
    // not an entity route: endpoint permissions still apply, and carol has none
    assertThat(carol.get("/rbac/users").status()).isEqualTo(403);

    // what carol creates is hers (granted to her default role)
    AdminClient.Resp mine = carol.post("/services", "{\"name\":\"ent-carol\",\"host\":\"c.test\"}");
    assertThat(mine.status()).isEqualTo(201);
    assertThat(carol.get("/services/ent-carol").status()).isEqualTo(200);
    assertThat(carol.delete("/services/ent-carol").status()).isEqualTo(204);
    assertThat(names(carol.get("/services"))).containsExactly("ent-a");
    // the super admin's wildcard entity permission reaches everything
    assertThat(names(node.superAdmin.get("/services"))).contains("ent-a", "ent-b");
  }

  @Test
  void a_negative_entity_rule_beats_the_wildcard() {
    assertThat(node.superAdmin.post("/rbac/roles", "{\"name\":\"all-but-b\"}").status()).isEqualTo(201);
    assertThat(node.superAdmin.post("/rbac/roles/all-but-b/entities", "{\"entity_id\":\"*\",\"actions\":\"read\"}").status())
        .isEqualTo(201);
    assertThat(node.superAdmin.post("/rbac/roles/all-but-b/entities",
        "{\"entity_id\":\"" + b + "\",\"actions\":\"read\",\"negative\":true}").status()).isEqualTo(201);
    AdminClient gil = node.user("gil", "gil-token-1", "all-but-b");
    assertThat(gil.get("/services/ent-a").status()).isEqualTo(200);
    assertThat(gil.get("/services/ent-b").status()).isEqualTo(403);
    assertThat(names(gil.get("/services"))).contains("ent-a").doesNotContain("ent-b");
    assertThat(node.superAdmin.get("/rbac/roles/all-but-b/entities/" + b).json().path("negative").asBoolean()).isTrue();
    assertThat(node.superAdmin.delete("/rbac/roles/all-but-b/entities/" + b).status()).isEqualTo(204);
    assertThat(gil.get("/services/ent-b").status()).isEqualTo(200);
  }

  @Test
  void an_entity_permission_must_name_an_entity() {
    assertThat(node.superAdmin.post("/rbac/roles", "{\"name\":\"bad\"}").status()).isEqualTo(201);
    AdminClient.Resp r = node.superAdmin.post("/rbac/roles/bad/entities",
        "{\"entity_id\":\"00000000-0000-4000-8000-000000000099\"}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("fields").path("entity_id").asText()).contains("no entity");
  }

  /** Kong Enterprise keeps entity permissions per workspace: a role names only its workspace's entities. */
  @Test
  void entity_permissions_are_per_workspace() {
    assertThat(node.superAdmin.post("/workspaces", "{\"name\":\"ent-ws\"}").status()).isEqualTo(201);
    // the same service name as the default workspace's ent-a
    String wsA = node.superAdmin.post("/ent-ws/services", "{\"name\":\"ent-a\",\"host\":\"wa.test\"}").json().path("id").asText();
    String wsB = node.superAdmin.post("/ent-ws/services", "{\"name\":\"ent-wb\",\"host\":\"wb.test\"}").json().path("id").asText();
    assertThat(node.superAdmin.post("/ent-ws/rbac/roles", "{\"name\":\"ws-editor\"}").status()).isEqualTo(201);
    assertThat(node.superAdmin.post("/rbac/roles", "{\"name\":\"default-editor\"}").status()).isEqualTo(201);

    // naming another workspace's entity is a schema violation, both ways
    AdminClient.Resp foreign = node.superAdmin.post("/ent-ws/rbac/roles/ws-editor/entities", "{\"entity_id\":\"" + a + "\"}");
    assertThat(foreign.status()).isEqualTo(400);
    assertThat(foreign.json().path("name").asText()).isEqualTo("schema violation");
    assertThat(foreign.json().path("fields").path("entity_id").asText())
        .isEqualTo("no entity with id '" + a + "' in workspace 'ent-ws'");
    AdminClient.Resp intoDefault = node.superAdmin.post("/rbac/roles/default-editor/entities", "{\"entity_id\":\"" + wsA + "\"}");
    assertThat(intoDefault.status()).isEqualTo(400);
    assertThat(intoDefault.json().path("fields").path("entity_id").asText()).contains("in workspace 'default'");

    AdminClient.Resp own = node.superAdmin.post("/ent-ws/rbac/roles/ws-editor/entities",
        "{\"entity_id\":\"" + wsA + "\",\"actions\":\"read\"}");
    assertThat(own.status()).isEqualTo(201);
    assertThat(own.json().path("entity_type").asText()).isEqualTo("services");
    AdminClient.Resp toRole = node.superAdmin.post("/ent-ws/rbac/users/wendy/roles", "{}");
    assertThat(toRole.status()).isEqualTo(404); // wendy does not exist yet
    AdminClient wendy = node.user("wendy", "wendy-token-1");
    assertThat(node.superAdmin.post("/ent-ws/rbac/users/wendy/roles", "{\"roles\":\"ws-editor\"}").status()).isEqualTo(201);

    // a name is found in the request's workspace: ent-a here is the workspace's, which wendy may read
    assertThat(wendy.get("/ent-ws/services/ent-a").status()).isEqualTo(200);
    assertThat(wendy.get("/ent-ws/services/ent-a").json().path("id").asText()).isEqualTo(wsA);
    assertThat(wendy.get("/ent-ws/services/ent-wb").status()).isEqualTo(403);
    assertThat(wendy.get("/services/ent-a").status()).isEqualTo(403);
    assertThat(names(wendy.get("/ent-ws/services"))).containsExactly("ent-a");

    // a wildcard of a workspace's role reaches only that workspace; the default workspace's reaches all
    assertThat(node.superAdmin.post("/ent-ws/rbac/roles", "{\"name\":\"ws-reader\"}").status()).isEqualTo(201);
    assertThat(node.superAdmin.post("/ent-ws/rbac/roles/ws-reader/entities", "{\"entity_id\":\"*\",\"actions\":\"read\"}")
        .status()).isEqualTo(201);
    AdminClient rita = node.user("rita", "rita-token-1");
    assertThat(node.superAdmin.post("/ent-ws/rbac/users/rita/roles", "{\"roles\":\"ws-reader\"}").status()).isEqualTo(201);
    assertThat(names(rita.get("/ent-ws/services"))).containsExactlyInAnyOrder("ent-a", "ent-wb");
    assertThat(rita.get("/services/ent-a").status()).isEqualTo(403);
    assertThat(names(rita.get("/services"))).isEmpty();
    assertThat(node.superAdmin.get("/ent-ws/services/" + wsB).status()).isEqualTo(200);

    // what a user creates in a workspace is granted to its default role of that workspace
    assertThat(node.superAdmin.post("/ent-ws/rbac/roles/ws-reader/entities", "{\"entity_id\":\"*\",\"actions\":\"create\"}")
        .status()).isEqualTo(409); // one rule per entity id and role
    assertThat(node.superAdmin.json("PATCH", "/ent-ws/rbac/roles/ws-reader/entities/*", "{\"actions\":[\"read\",\"create\"]}")
        .status()).isEqualTo(200);
    AdminClient.Resp made = rita.post("/ent-ws/services", "{\"name\":\"ent-rita\",\"host\":\"r.test\"}");
    assertThat(made.status()).isEqualTo(201);
    assertThat(rita.delete("/ent-ws/services/ent-rita").status()).isEqualTo(204);
    AdminClient.Resp ritaRole = node.superAdmin.get("/ent-ws/rbac/roles/rita");
    assertThat(ritaRole.status()).isEqualTo(200);
    assertThat(ritaRole.json().path("is_default").asBoolean()).isTrue();
  }
}
