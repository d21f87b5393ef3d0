package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.admin.login.Sessions;
import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.testsupport.PostgresServer;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Manager (basic-auth) and portal login sessions live in the node's database: they survive a node
 * restart on the same directory, logging out / deleting the account / changing the password ends
 * them for good, two nodes on one PostgreSQL share them, and the table holds a hash of each token,
 * never the token (docs/rbac.md, docs/portal.md).
 */
class LoginSessionsIT {
  private static final String ADMIN_TOKEN = "sessions-admin-token-1";

  @TempDir Path dir;
  @TempDir Path dirB;

  private static Map<String, String> managerSettings(Map<String, String> store) {
    Map<String, String> conf = new HashMap<>(store);
    conf.put("enforce_rbac", "on");
    conf.put("password", ADMIN_TOKEN);
    conf.put("admin_gui_auth", "basic-auth");
    return conf;
  }

  private static String login(WholeNode n, String user, String password) {
    AdminClient.Resp r = n.admin.send(HttpRequest.newBuilder(n.admin.uri("/auth")).GET()
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
        .header("Kong-Admin-User", user));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    String set = r.headers().firstValue("Set-Cookie").orElseThrow();
    return set.substring(0, set.indexOf(';'));
  }

  private static int userinfo(WholeNode n, String cookie) {
    return n.admin.withHeader("Cookie", cookie).get("/userinfo").status();
  }

  private static void user(WholeNode n, String name, String password) {
    AdminClient admin = n.admin.withHeader("Kong-Admin-Token", ADMIN_TOKEN);
    assertThat(admin.post("/rbac/users", "{\"name\":\"" + name + "\",\"password\":\"" + password + "\"}").status()).isEqualTo(201);
  }

  /** The signed-up, approved developer's session cookie. */
  private static String developerSession(WholeNode n, String email) {
    AdminClient dev = PortalIT.portalApi(n);
    assertThat(dev.post("/register", "{\"email\":\"" + email + "\",\"password\":\"correct horse\"}").status()).isEqualTo(201);
    assertThat(n.admin.withHeader("Kong-Admin-Token", ADMIN_TOKEN).json("PATCH", "/portal/developers/" + email, "{\"status\":\"approved\"}").status()).isEqualTo(200);
    return portalLogin(n, email);
  }

  private static String portalLogin(WholeNode n, String email) {
    AdminClient.Resp r = PortalIT.portalApi(n).post("/session", "{\"email\":\"" + email + "\",\"password\":\"correct horse\"}");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    String set = r.headers().firstValue("Set-Cookie").orElseThrow();
    return set.substring(0, set.indexOf(';'));
  }

  private static int developer(WholeNode n, String cookie) {
    return PortalIT.portalApi(n).withHeader("Cookie", cookie).get("/developer").status();
  }

  /** Every row of login_sessions as "kind subject token_hash". */
  private static List<String> rows(String jdbcUrl, String user, String password) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT kind, subject, token_hash FROM login_sessions")) {
      while (rs.next()) out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
    }
    return out;
  }

  private static String token(String cookie) {
    return cookie.substring(cookie.indexOf('=') + 1);
  }

  @Test
  void a_manager_login_survives_a_restart_until_logout_password_change_or_deletion() throws Exception {
    String ended;
    String changed;
    String deleted;
    String kept;
    try (WholeNode n = new WholeNode(dir, managerSettings(Map.of()))) {
      user(n, "rita", "rita-password-1");
      user(n, "paul", "paul-password-1");
      user(n, "dora", "dora-password-1");
      ended = login(n, "rita", "rita-password-1");
      kept = login(n, "rita", "rita-password-1");
      changed = login(n, "paul", "paul-password-1");
      deleted = login(n, "dora", "dora-password-1");
      assertThat(userinfo(n, ended)).isEqualTo(200);
      AdminClient admin = n.admin.withHeader("Kong-Admin-Token", ADMIN_TOKEN);
      assertThat(admin.json("PATCH", "/rbac/users/paul", "{\"password\":\"paul-password-2\"}").status()).isEqualTo(200);
      assertThat(admin.delete("/rbac/users/dora").status()).isEqualTo(204);
      assertThat(userinfo(n, changed)).as("a new password ends the old sessions").isEqualTo(401);
      assertThat(n.admin.withHeader("Cookie", ended).delete("/auth").status()).isEqualTo(204);
      assertThat(userinfo(n, ended)).isEqualTo(401);
    }
    // the table, read with the node down: hashes of the live tokens, no token in clear
    String rowsText = String.join("\n", rows("jdbc:sqlite:" + dir.resolve("gatehouse.db"), null, null));
    assertThat(rowsText).contains("admin_session").contains(Sessions.hash(token(kept)))
        .doesNotContain(token(kept)).doesNotContain(Sessions.hash(token(ended)))
        .doesNotContain(Sessions.hash(token(changed))).doesNotContain(Sessions.hash(token(deleted)));

    try (WholeNode n = new WholeNode(dir, managerSettings(Map.of()))) {
      AdminClient.Resp me = n.admin.withHeader("Cookie", kept).get("/userinfo");
      assertThat(me.status()).as("the same cookie after a restart: " + me).isEqualTo(200);
      assertThat(me.json().path("rbac_user").path("name").asText()).isEqualTo("rita");
      assertThat(userinfo(n, ended)).as("logged out before the restart").isEqualTo(401);
      assertThat(userinfo(n, changed)).as("password changed before the restart").isEqualTo(401);
      assertThat(userinfo(n, deleted)).as("user deleted before the restart").isEqualTo(401);
      assertThat(userinfo(n, "admin_session=" + Sessions.hash(token(kept)))).as("the stored hash is no cookie").isEqualTo(401);
      assertThat(n.admin.withHeader("Cookie", kept).delete("/auth").status()).isEqualTo(204);
    }
    try (WholeNode n = new WholeNode(dir, managerSettings(Map.of()))) {
      assertThat(userinfo(n, kept)).as("logged out, then restarted").isEqualTo(401);
    }
  }

  @Test
  void a_portal_session_survives_a_restart_until_logout_or_account_deletion() throws Exception {
    Map<String, String> conf = PortalIT.portalSettings(StoreKind.SQLITE);
    String ada;
    String bob;
    try (WholeNode n = new WholeNode(dir, conf)) {
      ada = developerSession(n, "ada@example.com");
      bob = developerSession(n, "bob@example.com");
      assertThat(developer(n, ada)).isEqualTo(200);
    }
    assertThat(String.join("\n", rows("jdbc:sqlite:" + dir.resolve("gatehouse.db"), null, null)))
        .contains("portal_session").contains(Sessions.hash(token(ada))).doesNotContain(token(ada)).doesNotContain(token(bob));
    try (WholeNode n = new WholeNode(dir, conf)) {
      assertThat(developer(n, ada)).as("the same cookie after a restart").isEqualTo(200);
      assertThat(developer(n, bob)).isEqualTo(200);
      assertThat(PortalIT.portalApi(n).withHeader("Cookie", ada).delete("/session").status()).isEqualTo(204);
      assertThat(PortalIT.portalApi(n).withHeader("Cookie", bob).delete("/developer").status()).isEqualTo(204);
      assertThat(developer(n, ada)).isEqualTo(401);
    }
    try (WholeNode n = new WholeNode(dir, conf)) {
      assertThat(developer(n, ada)).as("logged out, then restarted").isEqualTo(401);
      assertThat(developer(n, bob)).as("account deleted, then restarted").isEqualTo(401);
    }
  }

  @Test
  void two_nodes_on_one_postgresql_share_manager_and_portal_sessions() throws Exception {
    try (PostgresServer pg = PostgresServer.launch()) {
      pg.createDatabase("shared");
      Map<String, String> conf = managerSettings(StoreKind.postgres(pg, "shared"));
      conf.putAll(Map.of("portal", "on", "portal_gui_listen", "127.0.0.1:0", "portal_api_listen", "127.0.0.1:0"));
      try (WholeNode a = new WholeNode(dir, conf); WholeNode b = new WholeNode(dirB, conf)) {
        user(a, "rita", "rita-password-1");
        String manager = login(a, "rita", "rita-password-1");
        assertThat(userinfo(b, manager)).as("opened on A, used on B").isEqualTo(200);
        String ada = developerSession(a, "ada@example.com");
        assertThat(developer(b, ada)).as("a developer's session opened on A, used on B").isEqualTo(200);

        assertThat(String.join("\n", rows(pg.jdbcUrl("shared"), pg.user(), pg.password())))
            .contains(Sessions.hash(token(manager))).contains(Sessions.hash(token(ada)))
            .doesNotContain(token(manager)).doesNotContain(token(ada));

        // closed on B: at once there, within the recheck bound on A (which looked it up a moment ago)
        assertThat(userinfo(a, manager)).isEqualTo(200);
        assertThat(b.admin.withHeader("Cookie", manager).delete("/auth").status()).isEqualTo(204);
        assertThat(userinfo(b, manager)).isEqualTo(401);
        await().atMost(Sessions.RECHECK.plusSeconds(1)).pollInterval(Duration.ofMillis(100))
            .until(() -> userinfo(a, manager) == 401);
        assertThat(developer(a, ada)).isEqualTo(200);
        assertThat(PortalIT.portalApi(b).withHeader("Cookie", ada).delete("/session").status()).isEqualTo(204);
        await().atMost(Sessions.RECHECK.plusSeconds(1)).pollInterval(Duration.ofMillis(100))
            .until(() -> developer(a, ada) == 401);
      }
    }
  }
}
