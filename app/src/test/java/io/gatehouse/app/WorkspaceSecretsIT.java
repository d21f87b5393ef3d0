package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.http.AdminHttpServer;
import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.core.json.Json;
import io.gatehouse.testsupport.OidcProvider;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workspace's {@code portal_auth_conf} holds its portal's OpenID client secret: the Admin API shows
 * it as {@code ******} (as kong.conf's in {@code GET /}), a form that sends back what it read keeps
 * the stored secret (the login still passes the provider's client check), and a
 * {@code {vault://env/…}} reference (Kong's env vault) is stored and shown as it is and resolved at
 * each login. Logins run their three legs over HTTP (no browser); the provider is test-support's.
 */
class WorkspaceSecretsIT {
  @TempDir Path dir;
  @TempDir Path secrets;

  private static OidcProvider provider(String secret) {
    return OidcProvider.start(System::currentTimeMillis).client("team-a", secret)
        .user("ada", "pw", Map.of("email", "ada@example.com")).loginAs("ada");
  }

  private static String conf(OidcProvider idp, String secretJson) {
    return "{\"portal\":true,\"portal_auth\":\"openid-connect\",\"portal_auth_conf\":{\"issuer\":\"" + idp.issuer()
        + "\",\"client_id\":[\"team-a\"],\"client_secret\":" + secretJson + "}}";
  }

  private static WholeNode node(Path dir) throws Exception {
    Map<String, String> conf = PortalIT.portalSettings(StoreKind.SQLITE);
    conf.put("portal_auto_approve", "on");
    return new WholeNode(dir, conf);
  }

  @Test
  void the_client_secret_is_shown_redacted_and_a_round_trip_keeps_it() throws Exception {
    try (OidcProvider idp = provider("team-a-secret"); WholeNode n = node(dir)) {
      AdminClient.Resp created = n.admin.post("/workspaces", "{\"name\":\"team-a\",\"config\":"
          + conf(idp, "[\"team-a-secret\"]") + "}");
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      assertThat(created.json().at("/config/portal_auth_conf/client_secret")).isEqualTo(Json.parse("[\"******\"]"));

      JsonNode shown = n.admin.get("/workspaces/team-a").json().get("config");
      assertThat(shown.at("/portal_auth_conf/client_secret")).isEqualTo(Json.parse("[\"******\"]"));
      assertThat(shown.at("/portal_auth_conf/client_id/0").asText()).isEqualTo("team-a"); // not a secret
      assertThat(n.admin.get("/workspaces").text()).doesNotContain("team-a-secret").contains("******");

      // the Manager's form sends back what it read, with a change elsewhere: the secret stays
      ((com.fasterxml.jackson.databind.node.ObjectNode) shown).put("portal_auto_approve", true);
      AdminClient.Resp patched = n.admin.json("PATCH", "/workspaces/team-a", "{\"config\":" + Json.write(shown) + "}");
      assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
      assertThat(patched.text()).doesNotContain("team-a-secret");
      assertThat(patched.json().at("/config/portal_auto_approve").asBoolean()).isTrue();
      assertThat(login(n, idp).headers().firstValue("Set-Cookie").orElseThrow()).startsWith("portal_session=");

      // a placeholder with no stored secret behind it is refused, and nothing is stored
      AdminClient.Resp noSecret = n.admin.post("/workspaces", "{\"name\":\"team-b\",\"config\":"
          + conf(idp, "\"******\"") + "}");
      assertThat(noSecret.status()).isEqualTo(400);
      assertThat(noSecret.json().get("name").asText()).isEqualTo("schema violation");
      assertThat(noSecret.json().at("/fields/config/portal_auth_conf").asText())
          .isEqualTo("client_secret: '******' stands for the stored secret, and none is stored");
      assertThat(n.admin.get("/workspaces/team-b").status()).isEqualTo(404);

      // a new secret replaces it: the provider then refuses the old one's logins
      assertThat(n.admin.json("PATCH", "/workspaces/team-a", "{\"config\":" + conf(idp, "\"another\"") + "}").status())
          .isEqualTo(200);
      assertThat(loginError(n, idp)).startsWith("The provider refused the code");
    }
  }

  // Kong's env vault: {vault://env/home} reads HOME (upper-cased); tests cannot set a variable, HOME is there
  @Test
  void a_vault_reference_is_shown_as_it_is_and_resolved_at_each_login() throws Exception {
    String home = System.getenv("HOME");
    assertThat(home).as("the env vault test reads HOME").isNotBlank();
    try (OidcProvider idp = provider(home); WholeNode n = node(dir)) {
      AdminClient.Resp created = n.admin.post("/workspaces", "{\"name\":\"team-a\",\"config\":"
          + conf(idp, "\"{vault://env/home}\"") + "}");
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      assertThat(n.admin.get("/workspaces/team-a").json().at("/config/portal_auth_conf/client_secret").asText())
          .isEqualTo("{vault://env/home}");
      assertThat(login(n, idp).headers().firstValue("Set-Cookie").orElseThrow()).startsWith("portal_session=");
      assertThat(idp.hits("token")).isEqualTo(1);

      // through a vault entity, by its prefix (Gatehouse's file vault)
      java.nio.file.Files.writeString(secrets.resolve("client-secret"), home);
      n.create("/vaults", "{\"prefix\":\"portal-files\",\"name\":\"file\",\"config\":{\"directory\":\""
          + secrets + "\"}}");
      assertThat(n.admin.json("PATCH", "/workspaces/team-a", "{\"config\":"
          + conf(idp, "[\"{vault://portal-files/client-secret}\"]") + "}").status()).isEqualTo(200);
      assertThat(login(n, idp).headers().firstValue("Set-Cookie").orElseThrow()).startsWith("portal_session=");
      assertThat(idp.hits("token")).isEqualTo(2);

      // a reference that does not resolve fails the login before any code is exchanged
      assertThat(n.admin.json("PATCH", "/workspaces/team-a", "{\"config\":"
          + conf(idp, "\"{vault://env/gatehouse_no_such_variable}\"") + "}").status()).isEqualTo(200);
      assertThat(loginError(n, idp)).isEqualTo("This portal's login is misconfigured; tell its operator");
      assertThat(idp.hits("token")).isEqualTo(2);

      // a malformed one is refused when written (Kong checks a referenceable field's reference)
      AdminClient.Resp malformed = n.admin.json("PATCH", "/workspaces/team-a", "{\"config\":"
          + conf(idp, "[\"{vault://env}\"]") + "}");
      assertThat(malformed.status()).isEqualTo(400);
      assertThat(malformed.json().at("/fields/config/portal_auth_conf").asText())
          .startsWith("client_secret: invalid vault reference '{vault://env}'");
    }
  }

  // the node-wide kong.conf setting takes a reference the same way (GET / hides the whole setting, as before)
  @Test
  void the_nodes_portal_auth_conf_may_reference_the_env_vault_too() throws Exception {
    String home = System.getenv("HOME");
    assertThat(home).as("the env vault test reads HOME").isNotBlank();
    try (OidcProvider idp = provider(home)) {
      Map<String, String> settings = PortalIT.portalSettings(StoreKind.SQLITE);
      settings.put("portal_auto_approve", "on");
      settings.put("portal_auth", "openid-connect");
      settings.put("portal_auth_conf", "{\"issuer\":\"" + idp.issuer()
          + "\",\"client_id\":\"team-a\",\"client_secret\":\"{vault://env/home}\"}");
      try (WholeNode n = new WholeNode(dir, settings)) {
        assertThat(n.admin.get("/").json().at("/configuration/portal_auth_conf").asText()).isEqualTo("******");
        int port = n.node.component("portal GUI 127.0.0.1:0", AdminHttpServer.class).orElseThrow().address().getPort();
        String page = "http://127.0.0.1:" + port + "/";
        AdminClient api = PortalIT.portalApi(n);
        AdminClient.Resp done = PortalWorkspaceAuthIT.callback(api, idp, api.get("/auth/oidc?return_to=" + enc(page)));
        assertThat(done.headers().firstValue("Location").orElseThrow()).isEqualTo(page);
        assertThat(done.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("portal_session=");
      }
    }
  }

  /** Team A's page: where a login may return to. */
  private static String gui(WholeNode n) {
    int port = n.node.component("portal GUI 127.0.0.1:0", AdminHttpServer.class).orElseThrow().address().getPort();
    return "http://127.0.0.1:" + port + "/team-a/";
  }

  /** A login that must succeed: 302 back to the page with the session cookie. */
  private static AdminClient.Resp login(WholeNode n, OidcProvider idp) {
    AdminClient api = PortalIT.portalApi(n);
    AdminClient.Resp done = PortalWorkspaceAuthIT.callback(api, idp, api.get("/team-a/auth/oidc?return_to=" + enc(gui(n))));
    assertThat(done.status()).as(done.toString()).isEqualTo(302);
    assertThat(done.headers().firstValue("Location").orElseThrow()).isEqualTo(gui(n));
    return done;
  }

  /** A login that must fail: the message the page is sent back with. */
  private static String loginError(WholeNode n, OidcProvider idp) {
    AdminClient api = PortalIT.portalApi(n);
    AdminClient.Resp done = PortalWorkspaceAuthIT.callback(api, idp, api.get("/team-a/auth/oidc?return_to=" + enc(gui(n))));
    assertThat(done.headers().firstValue("Set-Cookie")).isEmpty();
    String location = URLDecoder.decode(done.headers().firstValue("Location").orElseThrow(), StandardCharsets.UTF_8);
    assertThat(location).contains("#login_error=");
    return location.substring(location.indexOf("#login_error=") + "#login_error=".length());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
