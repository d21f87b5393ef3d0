package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.admin.http.AdminHttpServer;
import io.gatehouse.admin.login.Sessions;
import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.testsupport.OidcProvider;
import io.gatehouse.testsupport.PostgresServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenID logins in progress live in the node's database (table {@code oidc_logins}), not in its
 * memory: a login begun before a restart finishes after it (SQLite), one begun on node A finishes
 * on node B on one PostgreSQL (no sticky routing), the table holds the hash of the state, never the
 * state, and a login is used once (docs/portal.md). The provider is test-support's real one.
 */
class PortalOidcLoginStoredIT {
  @TempDir Path dir;
  @TempDir Path dirB;

  private static OidcProvider provider() {
    return OidcProvider.start(System::currentTimeMillis).client("portal", "portal-secret")
        .user("ada", "pw", Map.of("email", "ada@example.com")).loginAs("ada");
  }

  private static Map<String, String> settings(OidcProvider idp, Map<String, String> store) {
    Map<String, String> conf = PortalOidcLoginIT.oidcSettings(idp);
    conf.putAll(store);
    conf.put("portal_auto_approve", "on");
    return conf;
  }

  /** A login started on {@code n}: the binding cookie, and the provider's redirect back (its code and state). */
  private record Begun(String cookie, URI back, String returnTo, String state) {}

  private static Begun begin(WholeNode n, OidcProvider idp) {
    int guiPort = n.node.component("portal GUI 127.0.0.1:0", AdminHttpServer.class).orElseThrow().address().getPort();
    String gui = "http://127.0.0.1:" + guiPort + "/";
    AdminClient.Resp start = PortalIT.portalApi(n).get("/auth/oidc?return_to=" + URLEncoder.encode(gui, StandardCharsets.UTF_8));
    assertThat(start.status()).as(start.toString()).isEqualTo(302);
    URI authorize = URI.create(start.headers().firstValue("Location").orElseThrow());
    String state = authorize.getQuery().replaceAll(".*(?:^|&)state=([^&]*).*", "$1");
    String cookie = start.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    URI back = URI.create(new AdminClient(idp.issuer()).get("/authorize?" + authorize.getRawQuery()).headers()
        .firstValue("Location").orElseThrow());
    return new Begun(cookie, back, gui, state);
  }

  /** The provider's redirect back, brought to {@code n}'s developers' API (whichever node started the login). */
  private static AdminClient.Resp callback(WholeNode n, Begun b) {
    AdminClient api = PortalIT.portalApi(n);
    return api.send(HttpRequest.newBuilder(api.uri(b.back().getRawPath() + "?" + b.back().getRawQuery()))
        .header("Cookie", b.cookie()).GET());
  }

  /** The callback logged the developer in: back to the page with a session that works on {@code n}. */
  private static void loggedIn(WholeNode n, Begun b, AdminClient.Resp done) {
    assertThat(done.status()).as(done.toString()).isEqualTo(302);
    assertThat(done.headers().firstValue("Location").orElseThrow()).isEqualTo(b.returnTo());
    String session = done.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    assertThat(session).startsWith("portal_session=");
    assertThat(PortalIT.portalApi(n).withHeader("Cookie", session).get("/developer").json().get("email").asText())
        .isEqualTo("ada@example.com");
  }

  private static List<String> stateHashes(String jdbcUrl, String user, String password) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT state_hash, login FROM oidc_logins")) {
      while (rs.next()) out.add(rs.getString(1) + " " + rs.getString(2));
    }
    return out;
  }

  @Test
  void a_login_begun_before_a_restart_finishes_after_it_once() throws Exception {
    try (OidcProvider idp = provider()) {
      Begun b;
      try (WholeNode n = new WholeNode(dir, settings(idp, Map.of()))) {
        b = begin(n, idp);
      }
      // the row, read with the node down: the state's hash, never the state
      String rows = String.join("\n", stateHashes("jdbc:sqlite:" + dir.resolve("gatehouse.db"), null, null));
      assertThat(rows).contains(Sessions.hash(b.state())).doesNotContain(b.state());
      try (WholeNode n = new WholeNode(dir, settings(idp, Map.of()))) {
        loggedIn(n, b, callback(n, b));
        assertThat(idp.hits("token")).isEqualTo(1);

        // the same callback again (a replay, or the browser's back button): used up
        AdminClient.Resp replay = callback(n, b);
        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.message()).contains("Unknown or expired login");
        assertThat(idp.hits("token")).as("the replayed code was never exchanged").isEqualTo(1);
      }
      assertThat(stateHashes("jdbc:sqlite:" + dir.resolve("gatehouse.db"), null, null)).isEmpty();
    }
  }

  @Test
  void a_login_begun_on_node_a_finishes_on_node_b_on_one_postgresql_and_only_once() throws Exception {
    try (OidcProvider idp = provider(); PostgresServer pg = PostgresServer.launch()) {
      pg.createDatabase("shared");
      Map<String, String> conf = settings(idp, StoreKind.postgres(pg, "shared"));
      try (WholeNode a = new WholeNode(dir, conf); WholeNode b = new WholeNode(dirB, conf)) {
        Begun begun = begin(a, idp);
        assertThat(String.join("\n", stateHashes(pg.jdbcUrl("shared"), pg.user(), pg.password())))
            .contains(Sessions.hash(begun.state())).doesNotContain(begun.state());
        loggedIn(b, begun, callback(b, begun));

        AdminClient.Resp replayOnA = callback(a, begun);
        assertThat(replayOnA.status()).isEqualTo(400);
        assertThat(replayOnA.message()).contains("Unknown or expired login");
        assertThat(idp.hits("token")).isEqualTo(1);
      }
    }
  }
}
