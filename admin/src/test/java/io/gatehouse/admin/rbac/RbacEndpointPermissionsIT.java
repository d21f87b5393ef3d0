package io.gatehouse.admin.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.admin.testing.RbacNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Endpoint permissions (Kong Enterprise's precedence), tokens and the pre-made roles, with {@code enforce_rbac = on}. */
class RbacEndpointPermissionsIT {
  private static RbacNode node;

  @BeforeAll
  static void start() throws Exception {
    node = new RbacNode(EnforceMode.ON);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static void role(String name, String... endpointRules) {
    assertThat(node.superAdmin.post("/rbac/roles", "{\"name\":\"" + name + "\"}").status()).isEqualTo(201);
    for (String rule : endpointRules) {
      AdminClient.Resp r = node.superAdmin.post("/rbac/roles/" + name + "/endpoints", rule);
      assertThat(r.status()).as(rule + " → " + r).isEqualTo(201);
    }
  }

  @Test
  void an_exact_endpoint_allows_only_its_path_and_actions() {
    role("svc-reader", "{\"endpoint\":\"/services\",\"actions\":[\"read\"]}");
    AdminClient alice = node.user("alice", "alice-token-1", "svc-reader");
    assertThat(alice.get("/services").status()).isEqualTo(200);
    AdminClient.Resp routes = alice.get("/routes");
    assertThat(routes.status()).isEqualTo(403);
    assertThat(routes.message()).isEqualTo("alice, you do not have permissions to read this resource");
    AdminClient.Resp create = alice.post("/services", "{\"host\":\"example.test\"}");
    assertThat(create.status()).isEqualTo(403);
    assertThat(create.message()).isEqualTo("alice, you do not have permissions to create this resource");
    // '*' stands for one segment: /services/* reaches one service, not what is under it
    assertThat(node.superAdmin.post("/rbac/roles/svc-reader/endpoints",
        "{\"endpoint\":\"/services/*\",\"actions\":\"read,update\"}").status()).isEqualTo(201);
    assertThat(alice.get("/services/nope").status()).isEqualTo(404);
    assertThat(alice.json("PATCH", "/services/nope", "{}").status()).isNotIn(401, 403);
    assertThat(alice.get("/services/nope/routes").status()).isEqualTo(403);
    assertThat(alice.delete("/services/nope").status()).isEqualTo(403);
  }

  @Test
  void a_negative_rule_wins_at_its_level_and_the_own_workspace_comes_before_any() {
    role("ops",
        "{\"endpoint\":\"*\",\"workspace\":\"*\"}",
        "{\"endpoint\":\"/consumers\",\"workspace\":\"*\",\"actions\":[\"create\"],\"negative\":true}",
        "{\"endpoint\":\"/upstreams\",\"workspace\":\"*\",\"actions\":[\"create\"],\"negative\":true}",
        "{\"endpoint\":\"/upstreams\",\"workspace\":\"default\",\"actions\":[\"create\"]}");
    AdminClient bob = node.user("bob", "bob-token-1", "ops");
    assertThat(bob.post("/consumers", "{\"username\":\"c-bob\"}").status()).isEqualTo(403);
    assertThat(bob.get("/consumers").status()).isEqualTo(200);
    assertThat(bob.post("/upstreams", "{\"name\":\"up-bob.test\"}").status()).isEqualTo(201);
    assertThat(bob.post("/services", "{\"name\":\"svc-bob\",\"host\":\"bob.test\"}").status()).isEqualTo(201);
    // the permission can be read back at its own address and changed there
    AdminClient.Resp rule = node.superAdmin.get("/rbac/roles/ops/endpoints/*/consumers");
    assertThat(rule.status()).isEqualTo(200);
    assertThat(rule.json().path("negative").asBoolean()).isTrue();
    assertThat(rule.json().path("actions").toString()).isEqualTo("[\"create\"]");
    JsonNode map = node.superAdmin.get("/rbac/users/bob/permissions").json();
    assertThat(map.at("/endpoints/*/~1consumers/negative").asBoolean()).isTrue();
    assertThat(map.at("/endpoints/*/~1upstreams/negative").asBoolean()).isTrue(); // the positive one is in 'default', not merged
    assertThat(map.at("/endpoints/default/~1upstreams/actions").toString()).isEqualTo("[\"create\"]");
    assertThat(map.at("/endpoints/*/*/actions").size()).isEqualTo(4);
    assertThat(node.superAdmin.json("PATCH", "/rbac/roles/ops/endpoints/*/consumers", "{\"negative\":false}").status())
        .isEqualTo(200);
    assertThat(bob.post("/consumers", "{\"username\":\"c-bob\"}").status()).isEqualTo(201);
    assertThat(node.superAdmin.delete("/rbac/roles/ops/endpoints/*/consumers").status()).isEqualTo(204);
    assertThat(node.superAdmin.get("/rbac/roles/ops/endpoints/*/consumers").status()).isEqualTo(404);
  }

  @Test
  void the_admin_role_manages_everything_but_rbac() {
    AdminClient adm = node.user("adm", "adm-token-1", "admin");
    assertThat(adm.post("/services", "{\"name\":\"svc-adm\",\"host\":\"adm.test\"}").status()).isEqualTo(201);
    assertThat(adm.get("/rbac/users").status()).isEqualTo(403);
    assertThat(adm.post("/rbac/users", "{\"name\":\"sneaky\"}").status()).isEqualTo(403);
    assertThat(adm.get("/rbac/roles/admin/endpoints").status()).isEqualTo(403);
    assertThat(node.superAdmin.get("/rbac/users/sneaky").status()).isEqualTo(404);
  }

  @Test
  void tokens_are_hashed_shown_once_and_checked() throws Exception {
    AdminClient.Resp created = node.superAdmin.post("/rbac/users", "{\"name\":\"dave\",\"user_token\":\"dave-token-1\"}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().path("user_token").asText()).isEqualTo("dave-token-1");
    AdminClient.Resp shown = node.superAdmin.get("/rbac/users/dave");
    assertThat(shown.json().has("user_token")).isFalse();
    assertThat(shown.json().path("enabled").asBoolean()).isTrue();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + node.rbacFile);
        ResultSet rs = c.createStatement().executeQuery("SELECT user_token FROM rbac_users WHERE name = 'dave'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).startsWith("pbkdf2-sha256$").doesNotContain("dave-token-1");
    }
    // a generated token when none is given
    AdminClient.Resp generated = node.superAdmin.post("/rbac/users", "{\"name\":\"erin\"}");
    assertThat(generated.json().path("user_token").asText()).hasSizeGreaterThan(30);
    // dave has only his default role: authenticated, allowed nothing
    AdminClient dave = node.gw.client.withHeader(RbacNode.HEADER, "dave-token-1");
    assertThat(dave.get("/services").message()).isEqualTo("dave, you do not have permissions to read this resource");
    assertThat(node.superAdmin.get("/rbac/users/dave/roles").json().path("roles").get(0).path("name").asText())
        .isEqualTo("dave");
    AdminClient wrong = node.gw.client.withHeader(RbacNode.HEADER, "dave-token-2");
    assertThat(wrong.get("/services").status()).isEqualTo(401);
    assertThat(wrong.get("/services").message()).isEqualTo("Invalid RBAC credentials");
    // a new token replaces the old one; a disabled user is refused
    assertThat(node.superAdmin.json("PATCH", "/rbac/users/dave", "{\"user_token\":\"dave-token-2\"}").status()).isEqualTo(200);
    assertThat(dave.get("/services").status()).isEqualTo(401);
    assertThat(wrong.get("/services").status()).isEqualTo(403);
    assertThat(node.superAdmin.json("PATCH", "/rbac/users/dave", "{\"enabled\":false}").status()).isEqualTo(200);
    assertThat(wrong.get("/services").status()).isEqualTo(401);
    // a token another user has is refused, so a token names one user
    assertThat(node.superAdmin.post("/rbac/users", "{\"name\":\"copy\",\"user_token\":\"dave-token-2\"}").status())
        .isEqualTo(409);
    // the token header's name is the one configured (Kong-Admin-Token by default)
    assertThat(node.gw.client.withHeader("Authorization", RbacNode.SUPER_TOKEN).get("/services").status()).isEqualTo(401);
  }

  @Test
  void deleting_a_role_or_user_takes_its_rows_with_it() {
    role("temp", "{\"endpoint\":\"/tags\",\"actions\":\"read\"}");
    AdminClient fay = node.user("fay", "fay-token-1", "temp");
    assertThat(fay.get("/tags").status()).isEqualTo(200);
    assertThat(node.superAdmin.delete("/rbac/roles/temp").status()).isEqualTo(204);
    assertThat(fay.get("/tags").status()).isEqualTo(403);
    assertThat(node.superAdmin.delete("/rbac/users/fay").status()).isEqualTo(204);
    assertThat(fay.get("/tags").status()).isEqualTo(401);
    assertThat(node.superAdmin.get("/rbac/roles/fay").status()).isEqualTo(404); // its default role went too
  }
}
