package io.gatehouse.admin.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.admin.testing.RbacNode;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /userinfo} (Kong Enterprise's "who am I") and the Manager's basic-auth login
 * ({@code admin_gui_auth = basic-auth}): {@code GET /auth} with an RBAC user's password opens a
 * cookie session that authenticates later calls with the user's own rights; {@code DELETE /auth}
 * ends it; wrong passwords count towards the same per-address throttle as wrong tokens.
 */
class RbacLoginIT {
  private static RbacNode node;

  @BeforeAll
  static void start() throws Exception {
    node = new RbacNode(EnforceMode.ON);
    node.user("reader", "reader-token-1", "read-only");
    assertThat(node.superAdmin.json("PATCH", "/rbac/users/reader", "{\"password\":\"reader-pass-1\"}").status()).isEqualTo(200);
    node.user("writer", "writer-token-1", "super-admin");
    node.user("no-pw", "no-pw-token-1", "super-admin");
    assertThat(node.superAdmin.json("PATCH", "/rbac/users/writer", "{\"password\":\"writer-pass-1\"}").status()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static AdminClient.Resp login(String user, String password) {
    return node.anonymous.send(HttpRequest.newBuilder(node.anonymous.uri("/auth")).GET()
        .header("Authorization", basic(user, password)).header("Kong-Admin-User", user));
  }

  /** The {@code name=value} part of the answer's session cookie. */
  private static String cookieOf(AdminClient.Resp r) {
    String set = r.headers().firstValue("Set-Cookie").orElseThrow();
    return set.substring(0, set.indexOf(';'));
  }

  private static List<String> names(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.path(field).asText()));
    return out;
  }

  @Test
  void userinfo_shows_the_callers_user_roles_workspaces_and_permissions() {
    assertThat(node.superAdmin.post("/workspaces", "{\"name\":\"info-ws\"}").status()).isEqualTo(201);
    AdminClient.Resp me = node.gw.client.withHeader(RbacNode.HEADER, "reader-token-1").get("/userinfo");
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().path("rbac_user").path("name").asText()).isEqualTo("reader");
    assertThat(me.text()).doesNotContain("reader-token-1").doesNotContain("password").doesNotContain("argon2");
    assertThat(names(me.json().path("roles"), "name")).contains("read-only", "reader");
    // read-only grants in workspace '*': every workspace
    assertThat(names(me.json().path("workspaces"), "name")).contains("default", "info-ws");
    assertThat(me.json().at("/permissions/endpoints/*/*/actions").toString()).isEqualTo("[\"read\"]");
    assertThat(me.json().path("permissions"))
        .isEqualTo(node.superAdmin.get("/rbac/users/reader/permissions").json());
  }

  @Test
  void any_valid_token_reads_its_own_userinfo_even_without_a_single_permission() {
    AdminClient nobody = node.user("nobody", "nobody-token-1");
    assertThat(nobody.get("/").status()).isEqualTo(403);
    assertThat(nobody.get("/rbac/users/nobody/permissions").status()).isEqualTo(403);
    AdminClient.Resp me = nobody.get("/userinfo");
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().path("rbac_user").path("name").asText()).isEqualTo("nobody");
    assertThat(me.json().path("workspaces").size()).isZero();
    assertThat(node.anonymous.get("/userinfo").status()).isEqualTo(401);
    assertThat(node.gw.client.withHeader(RbacNode.HEADER, "not-a-token").get("/userinfo").status()).isEqualTo(401);
  }

  @Test
  void a_teams_user_sees_only_its_workspace() {
    assertThat(node.superAdmin.post("/workspaces", "{\"name\":\"team-z\"}").status()).isEqualTo(201);
    assertThat(node.superAdmin.post("/team-z/rbac/roles", "{\"name\":\"team-z-admin\"}").status()).isEqualTo(201);
    assertThat(node.superAdmin.post("/team-z/rbac/roles/team-z-admin/endpoints", "{\"endpoint\":\"*\"}").status())
        .isEqualTo(201);
    AdminClient team = node.user("team-z-user", "team-z-token-1");
    assertThat(node.superAdmin.post("/team-z/rbac/users/team-z-user/roles", "{\"roles\":\"team-z-admin\"}").status())
        .isEqualTo(201);
    JsonNode me = team.get("/userinfo").json();
    assertThat(names(me.path("workspaces"), "name")).containsExactly("team-z");
    assertThat(me.path("roles").findValuesAsText("workspace")).contains("team-z");
  }

  @Test
  void passwords_are_write_only_and_at_least_eight_characters() {
    AdminClient.Resp tooShort = node.superAdmin.post("/rbac/users", "{\"name\":\"shorty\",\"password\":\"short\"}");
    assertThat(tooShort.status()).isEqualTo(400);
    assertThat(tooShort.json().at("/fields/password").asText()).isEqualTo("expected at least 8 characters");
    assertThat(node.superAdmin.get("/rbac/users/shorty").status()).as("nothing created").isEqualTo(404);
    AdminClient.Resp made = node.superAdmin.post("/rbac/users", "{\"name\":\"pw-user\",\"password\":\"pw-user-pass\"}");
    assertThat(made.status()).isEqualTo(201);
    assertThat(made.text()).doesNotContain("pw-user-pass").doesNotContain("password");
    assertThat(login("pw-user", "pw-user-pass").status()).isEqualTo(200);
    // removed: the password no longer logs in; the token is untouched
    assertThat(node.superAdmin.json("PATCH", "/rbac/users/pw-user", "{\"password\":null}").status()).isEqualTo(200);
    assertThat(login("pw-user", "pw-user-pass").status()).isEqualTo(401);
  }

  @Test
  void the_right_password_opens_a_session_whose_cookie_authenticates_until_logout() {
    AdminClient.Resp in = login("writer", "writer-pass-1");
    assertThat(in.status()).isEqualTo(200);
    assertThat(in.json().path("rbac_user").path("name").asText()).isEqualTo("writer");
    String set = in.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(set).startsWith("admin_session=").contains("; HttpOnly", "; SameSite=Strict", "; Max-Age=3600", "; Path=/");
    AdminClient session = node.gw.client.withHeader("Cookie", cookieOf(in));
    assertThat(session.get("/userinfo").json().path("rbac_user").path("name").asText()).isEqualTo("writer");
    assertThat(session.post("/services", "{\"name\":\"via-session\",\"url\":\"http://127.0.0.1:9/\"}").status()).isEqualTo(201);

    AdminClient.Resp out = session.delete("/auth");
    assertThat(out.status()).isEqualTo(204);
    assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("admin_session=;").contains("Max-Age=0");
    AdminClient.Resp after = session.get("/services");
    assertThat(after.status()).isEqualTo(401);
    assertThat(after.message()).isEqualTo("Invalid credentials. Token or User credentials required");
    // the token still works: logging out ends the session, not the user
    assertThat(node.gw.client.withHeader(RbacNode.HEADER, "writer-token-1").get("/services").status()).isEqualTo(200);
  }

  @Test
  void wrong_passwords_unknown_users_and_mismatched_names_are_401_without_a_cookie() {
    for (AdminClient.Resp r : List.of(login("writer", "wrong-password"), login("no-such-user", "writer-pass-1"),
        login("no-pw", "whatever-pass"),
        node.anonymous.send(HttpRequest.newBuilder(node.anonymous.uri("/auth")).GET()
            .header("Authorization", basic("writer", "writer-pass-1")).header("Kong-Admin-User", "reader")),
        node.anonymous.send(HttpRequest.newBuilder(node.anonymous.uri("/auth")).GET()
            .header("Authorization", "Basic !!not-base64")))) {
      assertThat(r.status()).as(r.toString()).isEqualTo(401);
      assertThat(r.message()).isEqualTo("Invalid RBAC credentials");
      assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
    }
    assertThat(node.gw.client.withHeader("Cookie", "admin_session=made-up").get("/services").status()).isEqualTo(401);
  }

  @Test
  void a_read_only_user_logged_in_by_password_reads_but_cannot_write() {
    AdminClient session = node.gw.client.withHeader("Cookie", cookieOf(login("reader", "reader-pass-1")));
    assertThat(session.get("/services").status()).isEqualTo(200);
    AdminClient.Resp refused = session.post("/services", "{\"name\":\"ro-write\",\"url\":\"http://127.0.0.1:9/\"}");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.message()).isEqualTo("reader, you do not have permissions to create this resource");
    assertThat(node.superAdmin.get("/services/ro-write").status()).isEqualTo(404);
  }

  @Test
  void a_disabled_users_session_stops_working() {
    node.user("leaver", "leaver-token-1", "read-only");
    assertThat(node.superAdmin.json("PATCH", "/rbac/users/leaver", "{\"password\":\"leaver-pass-1\"}").status()).isEqualTo(200);
    AdminClient session = node.gw.client.withHeader("Cookie", cookieOf(login("leaver", "leaver-pass-1")));
    assertThat(session.get("/services").status()).isEqualTo(200);
    assertThat(node.superAdmin.json("PATCH", "/rbac/users/leaver", "{\"enabled\":false}").status()).isEqualTo(200);
    assertThat(session.get("/services").status()).isEqualTo(401);
    assertThat(login("leaver", "leaver-pass-1").status()).isEqualTo(401);
  }

  @Test
  void too_many_wrong_passwords_block_the_address_for_passwords_and_tokens_alike() throws Exception {
    try (RbacNode own = new RbacNode(EnforceMode.ON)) {
      own.user("victim", "victim-token-1", "super-admin");
      assertThat(own.superAdmin.json("PATCH", "/rbac/users/victim", "{\"password\":\"victim-pass-1\"}").status()).isEqualTo(200);
      for (int i = 0; i < AddressThrottle.FAILED_LOGINS; i++) {
        AdminClient.Resp guess = own.anonymous.send(HttpRequest.newBuilder(own.anonymous.uri("/auth")).GET()
            .header("Authorization", basic("victim", "guess-" + i)));
        assertThat(guess.status()).as("guess %d", i).isEqualTo(401);
      }
      AdminClient.Resp right = own.anonymous.send(HttpRequest.newBuilder(own.anonymous.uri("/auth")).GET()
          .header("Authorization", basic("victim", "victim-pass-1")));
      assertThat(right.status()).isEqualTo(429);
      assertThat(right.headers().firstValue("Set-Cookie")).isEmpty();
      assertThat(Long.parseLong(right.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
      assertThat(own.superAdmin.get("/services").status()).isEqualTo(429);
    }
  }
}
