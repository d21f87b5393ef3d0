package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.app.settings.SettingsLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RBAC and audit settings reach a whole node: {@code enforce_rbac}, {@code password} (the
 * bootstrap super admin), {@code admin_gui_auth_header}, {@code audit_log}; a DB-less node refuses
 * RBAC with a message naming why.
 */
class AdminRbacSettingsIT {
  @TempDir Path dir;

  @Test
  void rbac_and_audit_are_on_with_the_bootstrap_admin_and_the_configured_header() throws Exception {
    try (WholeNode node = new WholeNode(dir, Map.of(
        "enforce_rbac", "on",
        "password", "bootstrap-password-1",
        "admin_gui_auth_header", "X-Admin-Token",
        "audit_log", "on"))) {
      AdminClient.Resp anonymous = node.admin.get("/services");
      assertThat(anonymous.status()).isEqualTo(401);
      assertThat(node.admin.withHeader("Kong-Admin-Token", "bootstrap-password-1").get("/services").status()).isEqualTo(401);
      AdminClient admin = node.admin.withHeader("X-Admin-Token", "bootstrap-password-1");
      assertThat(admin.get("/services").status()).isEqualTo(200);
      AdminClient.Resp created = admin.post("/services", "{\"name\":\"rbac-node\",\"host\":\"n.test\"}");
      assertThat(created.status()).isEqualTo(201);
      String id = created.headers().firstValue("X-Kong-Admin-Request-ID").orElseThrow();
      AdminClient.Resp audit = admin.get("/audit/requests");
      assertThat(audit.json().path("data").get(0).path("request_id").asText()).isEqualTo(id);
      assertThat(audit.json().path("data").get(0).path("rbac_user_name").asText()).isEqualTo("kong_admin");
      assertThat(admin.get("/rbac/roles").json().path("data").findValuesAsText("name"))
          .contains("super-admin", "admin", "read-only", "kong_admin");
      // the password is a secret: GET / does not show it
      assertThat(admin.get("/").text()).doesNotContain("bootstrap-password-1");
    }
  }

  /** With the bundled plugins' endpoints too (proxy-cache purges, credentials under consumers). */
  @Test
  void every_endpoint_of_a_whole_node_needs_a_token() throws Exception {
    try (WholeNode node = new WholeNode(dir, Map.of("enforce_rbac", "both", "password", "bootstrap-password-2"))) {
      AdminClient admin = node.admin.withHeader("Kong-Admin-Token", "bootstrap-password-2");
      List<String> templates = new java.util.ArrayList<>();
      for (var t : admin.get("/endpoints").json().path("data")) {
        templates.add(t.asText());
      }
      assertThat(templates).contains("/proxy-cache", "/consumers/{consumers}/key-auth", "/rbac/users");
      org.assertj.core.api.SoftAssertions soft = new org.assertj.core.api.SoftAssertions();
      for (String t : templates) {
        String path = t.replaceAll("\\{[^}]+\\}", "x");
        for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE")) {
          AdminClient.Resp r = node.admin.json(method, path, "{}");
          if (r.status() != 405) { // a method the template does not serve
            soft.assertThat(r.status()).as("%s %s", method, t).isEqualTo(401);
          }
        }
      }
      soft.assertAll();
    }
  }

  @Test
  void by_default_the_admin_api_needs_no_token_and_keeps_no_audit() throws Exception {
    try (WholeNode node = new WholeNode(dir, Map.of())) {
      assertThat(node.admin.get("/services").status()).isEqualTo(200);
      assertThat(node.admin.post("/services", "{\"name\":\"open\",\"host\":\"o.test\"}").headers()
          .firstValue("X-Kong-Admin-Request-ID")).isEmpty();
      assertThat(node.admin.get("/audit/requests").status()).isEqualTo(404);
      assertThat(node.admin.get("/rbac/roles").status()).isEqualTo(200); // users can be prepared before turning it on
    }
  }

  @Test
  void admin_gui_auth_basic_auth_serves_the_login_with_the_session_settings() throws Exception {
    try (WholeNode node = new WholeNode(dir, Map.of("enforce_rbac", "on", "password", "bootstrap-password-3",
        "admin_gui_auth", "basic-auth",
        "admin_gui_session_conf", "{\"secret\":\"s3cr3t-value\",\"cookie_name\":\"gui_sess\",\"cookie_lifetime\":600}"))) {
      AdminClient admin = node.admin.withHeader("Kong-Admin-Token", "bootstrap-password-3");
      assertThat(admin.json("PATCH", "/rbac/users/kong_admin", "{\"password\":\"admin-password-3\"}").status()).isEqualTo(200);
      AdminClient.Resp in = node.admin.send(java.net.http.HttpRequest.newBuilder(node.admin.uri("/auth")).GET()
          .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("kong_admin:admin-password-3".getBytes())));
      assertThat(in.status()).isEqualTo(200);
      String cookie = in.headers().firstValue("Set-Cookie").orElseThrow();
      assertThat(cookie).startsWith("gui_sess=").contains("Max-Age=600").doesNotContain("Secure");
      AdminClient.Resp me = node.admin.withHeader("Cookie", cookie.substring(0, cookie.indexOf(';'))).get("/userinfo");
      assertThat(me.json().path("rbac_user").path("name").asText()).isEqualTo("kong_admin");
      // the session settings hold a secret: GET / does not show it
      assertThat(admin.get("/").text()).doesNotContain("s3cr3t-value");
    }
  }

  @Test
  void without_rbac_there_is_no_login_and_no_user() throws Exception {
    try (WholeNode node = new WholeNode(dir, Map.of())) {
      AdminClient.Resp me = node.admin.get("/userinfo");
      assertThat(me.status()).isEqualTo(404);
      assertThat(me.message()).isEqualTo("No RBAC user: enforce_rbac is off");
      assertThat(node.admin.get("/auth").status()).isEqualTo(404);
    }
    Path prefix = dir.resolve("gui-auth-off");
    var settings = new SettingsLoader(Map.of(), List.of(), prefix).load(null, Map.of("prefix", prefix.toString(),
        "admin_gui_auth", "basic-auth", "admin_listen", "127.0.0.1:0", "proxy_listen", "127.0.0.1:0",
        "status_listen", "off"));
    assertThatThrownBy(() -> Node.start(settings).close())
        .hasMessageContaining("admin_gui_auth = basic-auth needs enforce_rbac = on, entity or both");
  }

  @Test
  void a_dbless_node_refuses_rbac_and_says_why() {
    Path prefix = dir.resolve("dbless");
    var settings = new SettingsLoader(Map.of(), List.of(), prefix).load(null, Map.of("prefix", prefix.toString(),
        "database", "off", "enforce_rbac", "on", "admin_listen", "127.0.0.1:0", "proxy_listen", "127.0.0.1:0",
        "status_listen", "off"));
    assertThatThrownBy(() -> Node.start(settings).close())
        .hasMessageContaining("enforce_rbac = on needs a database");
  }
}
