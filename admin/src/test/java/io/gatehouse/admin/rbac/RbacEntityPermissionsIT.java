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
}
