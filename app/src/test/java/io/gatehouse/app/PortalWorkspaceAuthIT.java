package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.gatehouse.admin.http.AdminHttpServer;
import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.testsupport.OidcProvider;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code portal_auth}/{@code portal_auth_conf} in a workspace's {@code config} (Kong Enterprise's keys)
 * over the node's: on one node whose kong.conf sets no provider, team A's portal logs developers in
 * through its own OpenID provider (test-support's, a real Nimbus-built one) and only through it (no
 * password sign-up, login or form on its page) while team B keeps e-mail and password accounts; an
 * unusable config is refused (400) and the one before keeps working; a change counts at the next
 * request, without a restart, and a password account from before cannot log in while A is OpenID-only.
 */
class PortalWorkspaceAuthIT extends BrowserTest {
  @TempDir Path dir;

  private static String teamA(OidcProvider idp) {
    return "{\"portal\":true,\"portal_auth\":\"openid-connect\",\"portal_auth_conf\":{\"issuer\":\"" + idp.issuer()
        + "\",\"client_id\":[\"team-a\"],\"client_secret\":[\"team-a-secret\"]}}";
  }

  private static OidcProvider provider() {
    return OidcProvider.start(System::currentTimeMillis).client("team-a", "team-a-secret")
        .user("ada", "pw", Map.of("email", "ada@example.com")).loginAs("ada");
  }

  private static WholeNode node(Path dir) throws Exception {
    Map<String, String> conf = PortalIT.portalSettings(StoreKind.SQLITE);
    conf.put("portal_auto_approve", "on"); // node-wide: no portal_auth
    return new WholeNode(dir, conf);
  }

  private static void workspace(WholeNode n, String name, String config) {
    AdminClient.Resp w = n.admin.post("/workspaces", "{\"name\":\"" + name + "\",\"config\":" + config + "}");
    assertThat(w.status()).as(w.toString()).isEqualTo(201);
  }

  @Test
  void team_a_logs_in_through_its_provider_while_team_b_keeps_passwords() throws Exception {
    try (OidcProvider idp = provider(); WholeNode n = node(dir)) {
      workspace(n, "team-a", teamA(idp));
      workspace(n, "team-b", "{\"portal\":true}");
      AdminClient api = PortalIT.portalApi(n);

      // what each portal tells its page
      assertThat(api.get("/team-a/auth").json().get("openid_connect").get("issuer").asText()).isEqualTo(idp.issuer());
      assertThat(api.get("/team-b/auth").json().get("openid_connect").isNull()).isTrue();
      assertThat(api.get("/auth").json().get("openid_connect").isNull()).isTrue(); // the default workspace: the node's (none)
      int guiPort = n.node.component("portal GUI 127.0.0.1:0", AdminHttpServer.class).orElseThrow().address().getPort();
      String gui = "http://127.0.0.1:" + guiPort;
      assertThat(api.get("/team-b/auth/oidc?return_to=" + enc(gui + "/team-b/")).status()).isEqualTo(404);

      // team A, in Chromium: the provider's login, back on A's page logged in
      Page page = ManagerPages.page(chromium);
      page.navigate(gui + "/team-a/");
      page.locator("#oidc-login").waitFor();
      assertThat(page.locator("#password-login").isHidden()).as("no password form on an OpenID-only portal").isTrue();
      assertThat(page.locator("input[type=password]").isVisible()).isFalse();
      assertThat(page.locator("#signup").isVisible()).isFalse();
      page.locator("#oidc-login").click();
      page.getByText("Logged in as ada@example.com").waitFor();
      assertThat(idp.hits("token")).isEqualTo(1);
      assertThat(n.admin.get("/team-a/portal/developers").json().get("data")).extracting(d -> d.get("email").asText())
          .containsExactly("ada@example.com");
      assertThat(n.admin.get("/team-b/portal/developers").json().get("data")).isEmpty();
      // OpenID-only: no password login, whatever the account
      assertThat(api.post("/team-a/session", "{\"email\":\"ada@example.com\",\"password\":\"anything at all\"}").status())
          .isEqualTo(404);

      // team B, in Chromium: no provider offered; e-mail and password sign-up and login
      Page b = ManagerPages.page(chromium);
      b.navigate(gui + "/team-b/");
      b.locator("#email").fill("bo@example.com");
      b.locator("#password").fill("correct horse");
      b.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign up")).click();
      b.getByText("Account created; log in.").waitFor();
      assertThat(b.locator("#oidc").isVisible()).isFalse();
      b.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
      b.getByText("Logged in as bo@example.com").waitFor();
      assertThat(n.admin.get("/team-b/portal/developers").json().get("data")).extracting(d -> d.get("email").asText())
          .containsExactly("bo@example.com");
      assertThat(idp.hits("token")).isEqualTo(1); // team B never talked to A's provider

      // no password sign-up in team A (as with the node-wide openid-connect, PortalOidcLoginIT): Kong's 404
      AdminClient.Resp signUp = api.post("/team-a/register", "{\"email\":\"cy@example.com\",\"password\":\"correct horse\"}");
      assertThat(signUp.status()).isEqualTo(404);
      assertThat(signUp.message()).isEqualTo("This portal has no password accounts; log in through its OpenID provider");
      assertThat(api.get("/team-a/auth").json().get("password").asBoolean()).isFalse();
      assertThat(api.get("/team-b/auth").json().get("password").asBoolean()).isTrue();
      assertThat(n.admin.get("/team-a/portal/developers").json().get("data")).hasSize(1);
    }
  }

  @Test
  void an_unusable_config_is_refused_and_a_change_counts_at_once() throws Exception {
    try (OidcProvider idp = provider(); WholeNode n = node(dir)) {
      workspace(n, "team-a", teamA(idp));
      AdminClient api = PortalIT.portalApi(n);
      int guiPort = n.node.component("portal GUI 127.0.0.1:0", AdminHttpServer.class).orElseThrow().address().getPort();
      String gui = "http://127.0.0.1:" + guiPort + "/team-a/";

      // no client_id: refused with Kong's schema violation, the stored config unchanged
      AdminClient.Resp noClient = n.admin.json("PATCH", "/workspaces/team-a", "{\"config\":{\"portal\":true,"
          + "\"portal_auth\":\"openid-connect\",\"portal_auth_conf\":{\"issuer\":\"" + idp.issuer() + "\"}}}");
      assertThat(noClient.status()).as(noClient.toString()).isEqualTo(400);
      assertThat(noClient.json().get("code").asInt()).isEqualTo(2);
      assertThat(noClient.json().get("name").asText()).isEqualTo("schema violation");
      assertThat(noClient.json().at("/fields/config/portal_auth_conf").asText())
          .isEqualTo("needs issuer and client_id for portal_auth = openid-connect");
      AdminClient.Resp unknown = n.admin.json("PATCH", "/workspaces/team-a", "{\"config\":{\"portal_auth\":\"key-auth\"}}");
      assertThat(unknown.status()).isEqualTo(400);
      assertThat(unknown.json().at("/fields/config/portal_auth").asText())
          .startsWith("expected one of: \"openid-connect\", \"basic-auth\" or \"\"");
      AdminClient.Resp created = n.admin.post("/workspaces", "{\"name\":\"team-c\",\"config\":{\"portal\":true,"
          + "\"portal_auth\":\"openid-connect\"}}");
      assertThat(created.status()).isEqualTo(400);
      assertThat(created.json().at("/fields/config/portal_auth_conf").asText())
          .isEqualTo("required for portal_auth = openid-connect (the node sets none)");
      assertThat(n.admin.get("/workspaces/team-c").status()).isEqualTo(404);
      JsonNode stored = n.admin.get("/workspaces/team-a").json().get("config");
      assertThat(stored.at("/portal_auth_conf/client_id/0").asText()).isEqualTo("team-a");

      // so the login that was there still works
      assertThat(oidcLogin(api, idp, gui).headers().firstValue("Set-Cookie").orElseThrow()).startsWith("portal_session=")
          .contains("Path=/team-a");

      // a login started before the operator turns the provider off cannot finish after it
      AdminClient.Resp start = api.get("/team-a/auth/oidc?return_to=" + enc(gui));
      assertThat(n.admin.json("PATCH", "/workspaces/team-a", "{\"config\":{\"portal\":true,\"portal_auth\":\"\"}}").status())
          .isEqualTo(200);
      AdminClient.Resp late = callback(api, idp, start);
      assertThat(URLDecoder.decode(late.headers().firstValue("Location").orElseThrow(), StandardCharsets.UTF_8))
          .endsWith("#login_error=This portal's login has changed; start again");
      assertThat(late.headers().firstValue("Set-Cookie")).isEmpty();
      assertThat(idp.hits("token")).isEqualTo(1); // only the first login's code was exchanged
      // and the portal offers passwords only from the next request on
      assertThat(api.get("/team-a/auth").json().get("openid_connect").isNull()).isTrue();
      assertThat(api.get("/team-a/auth/oidc?return_to=" + enc(gui)).status()).isEqualTo(404);
      assertThat(api.post("/team-a/register", "{\"email\":\"bo@example.com\",\"password\":\"correct horse\"}").status())
          .isEqualTo(201);
      assertThat(api.post("/team-a/session", "{\"email\":\"bo@example.com\",\"password\":\"correct horse\"}").status())
          .isEqualTo(200);

      // turned on again, now with a redirect_uri under the workspace's prefix (its binding cookie follows it)
      String redirect = api.base() + "/team-a/auth/oidc/callback";
      assertThat(n.admin.json("PATCH", "/workspaces/team-a", "{\"config\":" + teamA(idp).replace("\"client_id\"",
          "\"redirect_uri\":\"" + redirect + "\",\"client_id\"") + "}").status()).isEqualTo(200);
      assertThat(api.get("/team-a/auth").json().get("openid_connect").get("issuer").asText()).isEqualTo(idp.issuer());
      AdminClient.Resp again = api.get("/team-a/auth/oidc?return_to=" + enc(gui));
      assertThat(again.headers().firstValue("Set-Cookie").orElseThrow()).contains("Path=/team-a/auth/oidc/callback;");
      assertThat(URI.create(again.headers().firstValue("Location").orElseThrow()).getQuery()).contains("redirect_uri=" + redirect);
      AdminClient.Resp done = callback(api, idp, again);
      assertThat(done.headers().firstValue("Location").orElseThrow()).isEqualTo(gui);
      assertThat(done.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("portal_session=");

      // bo's password account, opened while A had passwords: no password login now, and the
      // provider's identity carrying bo's address is not linked to it (no takeover by address)
      assertThat(api.post("/team-a/session", "{\"email\":\"bo@example.com\",\"password\":\"correct horse\"}").status())
          .isEqualTo(404);
      idp.user("bo-at-idp", "pw", Map.of("email", "bo@example.com")).loginAs("bo-at-idp");
      AdminClient.Resp taken = callback(api, idp, api.get("/team-a/auth/oidc?return_to=" + enc(gui)));
      assertThat(taken.headers().firstValue("Set-Cookie")).isEmpty();
      assertThat(URLDecoder.decode(taken.headers().firstValue("Location").orElseThrow(), StandardCharsets.UTF_8))
          .endsWith("#login_error=An account with the e-mail address bo@example.com was opened with a password;"
              + " it cannot log in through the provider");
    }
  }

  /** The login's three legs without a browser: start, the provider's authorization, the callback. */
  private static AdminClient.Resp oidcLogin(AdminClient api, OidcProvider idp, String returnTo) {
    AdminClient.Resp done = callback(api, idp, api.get("/team-a/auth/oidc?return_to=" + enc(returnTo)));
    assertThat(done.status()).isEqualTo(302);
    assertThat(done.headers().firstValue("Location").orElseThrow()).isEqualTo(returnTo);
    return done;
  }

  /** Follows a portal's redirect to the provider and the provider's back to the portal's callback. */
  static AdminClient.Resp callback(AdminClient api, OidcProvider idp, AdminClient.Resp start) {
    assertThat(start.status()).as(start.toString()).isEqualTo(302);
    URI authorize = URI.create(start.headers().firstValue("Location").orElseThrow());
    String cookie = start.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    String back = new AdminClient(idp.issuer()).get("/authorize?" + authorize.getRawQuery()).headers()
        .firstValue("Location").orElseThrow();
    return api.send(HttpRequest.newBuilder(URI.create(back)).header("Cookie", cookie).GET());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
