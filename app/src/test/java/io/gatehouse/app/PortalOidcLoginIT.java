package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.gatehouse.admin.http.AdminHttpServer;
import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.testsupport.OidcProvider;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Developers log in through a real OpenID provider (test-support's, Nimbus-built) with
 * {@code portal_auth = openid-connect}: in Chromium, the first login opens a pending account keyed
 * by issuer and subject; after the operator approves it, the same click lands logged in. The portal
 * is OpenID-only: no password sign-up or login (404, as Kong Enterprise's portal API answers for an
 * auth it does not use). A callback with an unknown state, from a browser that did not start the
 * login, or a second time, is refused.
 */
class PortalOidcLoginIT extends BrowserTest {
  @TempDir Path dir;

  static Map<String, String> oidcSettings(OidcProvider idp) {
    Map<String, String> conf = PortalIT.portalSettings(StoreKind.SQLITE);
    conf.put("portal_auth", "openid-connect");
    conf.put("portal_auth_conf", "{\"issuer\":\"" + idp.issuer() + "\",\"client_id\":[\"portal\"],"
        + "\"client_secret\":[\"portal-secret\"]}");
    return conf;
  }

  @Test
  void first_login_opens_a_pending_account_and_after_approval_the_developer_lands_logged_in() throws Exception {
    try (OidcProvider idp = OidcProvider.start(System::currentTimeMillis)
            .client("portal", "portal-secret")
            .user("ada", "pw", Map.of("email", "Ada@Example.com"))
            .loginAs("ada");
        WholeNode n = new WholeNode(dir, oidcSettings(idp))) {
      int guiPort = n.node.component("portal GUI 127.0.0.1:0", AdminHttpServer.class).orElseThrow().address().getPort();
      Page page = ManagerPages.page(chromium);
      page.navigate("http://127.0.0.1:" + guiPort + "/");

      page.locator("#oidc-login").click(); // off to the provider, which logs "ada" in, and back
      page.getByText("Your account (ada@example.com) is waiting for approval").waitFor();
      assertThat(idp.hits("token")).isEqualTo(1);
      AdminClient.Resp dev = n.admin.get("/portal/developers/ada@example.com");
      assertThat(dev.json().get("status").asText()).isEqualTo("pending");
      assertThat(n.admin.json("PATCH", "/portal/developers/ada@example.com", "{\"status\":\"approved\"}").status())
          .isEqualTo(200);

      page.locator("#oidc-login").click();
      page.getByText("Logged in as ada@example.com").waitFor();
      page.locator("#app-name").fill("oidc-app"); // the session works for the API
      page.locator("#create-app").click();
      page.locator("#applications li[data-app='oidc-app']").waitFor();

      // the second login found the same account (issuer + sub), and no password opens it: the portal has none
      assertThat(n.admin.get("/portal/developers").json().get("data")).hasSize(1);
      AdminClient api = PortalIT.portalApi(n);
      AdminClient.Resp password = api.post("/session", "{\"email\":\"ada@example.com\",\"password\":\"anything at all\"}");
      assertThat(password.status()).isEqualTo(404);
      assertThat(password.message()).isEqualTo("This portal has no password accounts; log in through its OpenID provider");
      assertThat(api.get("/auth").json().get("password").asBoolean()).isFalse();
      assertThat(api.get("/auth").json().get("openid_connect").get("issuer").asText()).isEqualTo(idp.issuer());
    }
  }

  @Test
  void a_callback_without_the_login_it_answers_is_refused() throws Exception {
    try (OidcProvider idp = OidcProvider.start(System::currentTimeMillis)
            .client("portal", "portal-secret")
            .user("eve", "pw", Map.of("email", "eve@example.com"))
            .loginAs("eve");
        WholeNode n = new WholeNode(dir, oidcSettings(idp))) {
      AdminClient api = PortalIT.portalApi(n);
      int guiPort = n.node.component("portal GUI 127.0.0.1:0", AdminHttpServer.class).orElseThrow().address().getPort();
      String gui = "http://127.0.0.1:" + guiPort + "/";

      // a page elsewhere cannot be the place a login returns to
      assertThat(api.get("/auth/oidc?return_to=" + enc("http://evil.example/")).status()).isEqualTo(400);

      AdminClient.Resp start = api.get("/auth/oidc?return_to=" + enc(gui));
      assertThat(start.status()).isEqualTo(302);
      URI authorize = URI.create(start.headers().firstValue("Location").orElseThrow());
      assertThat(authorize.getQuery()).contains("code_challenge_method=S256").contains("nonce=").contains("state=");
      String cookie = start.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
      // the provider logs eve in and sends the code back
      AdminClient.Resp atIdp = new AdminClient(idp.issuer()).get("/authorize?" + authorize.getRawQuery());
      assertThat(atIdp.status()).isEqualTo(302);
      String callback = atIdp.headers().firstValue("Location").orElseThrow();
      String path = URI.create(callback).getRawPath() + "?" + URI.create(callback).getRawQuery();

      // another browser (no binding cookie) brings the code: refused, and the login is used up
      AdminClient.Resp stolen = api.get(path);
      assertThat(stolen.status()).isEqualTo(400);
      assertThat(stolen.message()).contains("started in another browser");
      AdminClient.Resp late = api.send(HttpRequest.newBuilder(api.uri(path)).header("Cookie", cookie).GET());
      assertThat(late.status()).isEqualTo(400);
      assertThat(late.message()).contains("Unknown or expired login");
      assertThat(api.get("/auth/oidc/callback?state=forged&code=x").status()).isEqualTo(400);
      assertThat(idp.hits("token")).isZero(); // no code was ever exchanged
      assertThat(n.admin.get("/portal/developers").json().get("data")).isEmpty();

      // the same steps with the cookie: the account is opened (pending) and the page says so
      AdminClient.Resp again = api.get("/auth/oidc?return_to=" + enc(gui));
      URI authorize2 = URI.create(again.headers().firstValue("Location").orElseThrow());
      String cookie2 = again.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
      String callback2 = new AdminClient(idp.issuer()).get("/authorize?" + authorize2.getRawQuery()).headers()
          .firstValue("Location").orElseThrow();
      AdminClient.Resp ok = api.send(HttpRequest.newBuilder(URI.create(callback2)).header("Cookie", cookie2).GET());
      assertThat(ok.status()).isEqualTo(302);
      assertThat(ok.headers().firstValue("Location").orElseThrow()).startsWith(gui + "#login_error=")
          .contains("waiting%20for%20approval");
      assertThat(n.admin.get("/portal/developers/eve@example.com").json().get("status").asText()).isEqualTo("pending");

      // the callback again, as it came (a replay): the login was used up
      AdminClient.Resp replay = api.send(HttpRequest.newBuilder(URI.create(callback2)).header("Cookie", cookie2).GET());
      assertThat(replay.status()).isEqualTo(400);
      assertThat(replay.message()).contains("Unknown or expired login");
      assertThat(idp.hits("token")).isEqualTo(1);

      // OpenID-only: no password sign-up
      AdminClient.Resp signUp = api.post("/register", "{\"email\":\"mallory@example.com\",\"password\":\"correct horse\"}");
      assertThat(signUp.status()).isEqualTo(404);
      assertThat(signUp.message()).isEqualTo("This portal has no password accounts; log in through its OpenID provider");
      assertThat(n.admin.get("/portal/developers").json().get("data")).hasSize(1); // eve only
    }
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }
}
