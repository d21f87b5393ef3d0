package io.gatehouse.app;

import static io.gatehouse.app.ManagerPages.awaitHeading;
import static io.gatehouse.app.ManagerPages.clickButton;
import static io.gatehouse.app.ManagerPages.clickLink;
import static io.gatehouse.app.ManagerPages.guiUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import io.gatehouse.admin.http.AdminHttpServer;
import io.gatehouse.proxy.ProxyServer;
import io.gatehouse.proxy.testing.TlsClient;
import io.gatehouse.testsupport.HeadlessChromium;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 in the pages, in headless Chromium: the operator creates an {@code oauth2} product in the
 * Manager's form; a developer creates an application on the portal page, which shows its client id
 * and secret once; a token for them (Nimbus, the proxy's TLS listener) calls the API. Then try-it
 * with them: Swagger UI's Authorize gets the token from the proxy in the browser.
 */
class PortalOAuth2UiIT extends BrowserTest {
  @TempDir Path dir;

  @Test
  void an_oauth2_product_from_the_manager_and_a_client_from_the_portal_page_get_through() throws Exception {
    Map<String, String> conf = PortalIT.portalSettings(StoreKind.SQLITE);
    conf.put("admin_gui_listen", "127.0.0.1:0");
    conf.put("portal_auto_approve", "on");
    conf.put("proxy_listen", "127.0.0.1:0, 127.0.0.1:0 ssl");
    try (WholeNode n = new WholeNode(dir, conf)) {
      n.serviceAndRoute("billing", "/billing");
      Page manager = ManagerPages.page(chromium);
      manager.setViewportSize(1280, 800);
      manager.navigate(guiUrl(n));
      clickLink(manager, "API products");
      clickLink(manager, "New product");
      awaitHeading(manager, "New API product");
      manager.locator("#product-name").fill("Billing");
      manager.locator("#product-services").fill("billing");
      manager.locator("#product-auth").selectOption("oauth2");
      manager.locator("#plan-0-name").fill("free");
      manager.locator("#product-auto").check();
      clickButton(manager, "Create product");
      awaitHeading(manager, "API product Billing");
      assertThat(n.admin.get("/portal/products/Billing").json().get("auth").asText()).isEqualTo("oauth2");
      assertThat(manager.locator("#product-auth").inputValue()).isEqualTo("oauth2");
      assertThat(manager.locator("#product-auth").isDisabled()).isTrue(); // fixed once created
      clickButton(manager, "Save product"); // the form sends auth back unchanged: accepted
      manager.getByText("Product saved.").waitFor();

      Page page = ManagerPages.page(chromium);
      page.setViewportSize(390, 844); // a phone
      page.navigate("http://127.0.0.1:" + n.node.component("portal GUI 127.0.0.1:0", AdminHttpServer.class).orElseThrow()
          .address().getPort() + "/");
      Client client = signUpWithApplication(page, "hedy@example.com", "hedy-app");
      String clientId = client.id();
      String secret = client.secret();
      assertThat(clientId).isEqualTo(n.admin.get("/oauth2").json().get("data").get(0).get("client_id").asText());
      assertThat(secret).hasSizeGreaterThan(40);
      page.locator("#sub-plan").selectOption("free");
      clickButton(page, "Subscribe");
      page.getByText("Subscription approved.").waitFor();
      ManagerPages.shot(page, "portal-phone-oauth2-client");

      int tls = n.node.component(ProxyServer.class).orElseThrow().boundTlsAddresses().getFirst().getPort();
      HTTPRequest http = new TokenRequest.Builder(URI.create("https://127.0.0.1:" + tls + "/billing/oauth2/token"),
          new ClientSecretBasic(new ClientID(clientId), new Secret(secret)), new ClientCredentialsGrant()).build().toHTTPRequest();
      http.setSSLSocketFactory(TlsClient.trustAll().getSocketFactory());
      http.setHostnameVerifier((host, session) -> true);
      TokenResponse token = TokenResponse.parse(http.send());
      assertThat(token.indicatesSuccess()).as(String.valueOf(token.toHTTPResponse().getBody())).isTrue();
      String bearer = token.toSuccessResponse().getTokens().getAccessToken().getValue();
      await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
          .until(() -> n.get("/billing", "Authorization", "Bearer " + bearer).statusCode() == 200);
    }
  }

  /**
   * Try-it on an {@code oauth2} product's docs: the page fills Swagger UI's Authorize dialog with the
   * client it showed; Authorize asks the proxy's token endpoint (its TLS listener, cross-origin: the
   * portal's {@code cors} plugin answers) and the calls carry the token: acl's 403 before the
   * subscription is approved, the echo upstream's 200 after.
   */
  @Test
  void try_it_authorizes_at_the_proxys_token_endpoint_and_calls_with_the_token() throws Exception {
    Map<String, String> conf = PortalIT.portalSettings(StoreKind.SQLITE);
    conf.put("portal_auto_approve", "on"); // developers' accounts; subscriptions wait for the operator
    conf.put("proxy_listen", "127.0.0.1:0, 127.0.0.1:0 ssl");
    try (WholeNode n = new WholeNode(dir, conf);
        HeadlessChromium browser = HeadlessChromium.builder().acceptAnyCertificate().launch()) { // the proxy's own pair
      n.serviceAndRoute("ledger", "/ledger");
      var product = n.admin.post("/portal/products", """
          {"name":"Ledger","service_ids":["ledger"],"auth":"oauth2","plans":[{"name":"free","minute":100}],
           "openapi":"openapi: 3.0.0\\ninfo:\\n  title: Ledger API\\n  version: '1'\\npaths:\\n  /random:\\n    get:\\n      summary: A random entry\\n      responses: {'200': {description: An entry}}\\n"}""");
      assertThat(product.status()).as(product.toString()).isEqualTo(201);
      int tls = n.node.component(ProxyServer.class).orElseThrow().boundTlsAddresses().getFirst().getPort();

      Page page = ManagerPages.page(browser);
      String origin = "http://127.0.0.1:" + n.node.component("portal GUI 127.0.0.1:0", AdminHttpServer.class).orElseThrow()
          .address().getPort();
      page.navigate(origin + "/");
      Client client = signUpWithApplication(page, "ada@example.com", "ada-app");
      String clientId = client.id();
      String secret = client.secret();
      page.locator("#sub-plan").selectOption("free");
      clickButton(page, "Subscribe");
      page.getByText("Subscription requested.").waitFor();

      // the docs: Authorize's dialog names the proxy's token endpoint and holds the application's client
      clickLink(page, "Ledger");
      Locator random = page.locator(".opblock-get").filter(new Locator.FilterOptions().setHasText("/random"));
      random.waitFor();
      assertThat(page.locator("#try-key-box").isHidden()).isTrue(); // no key for this product
      page.locator(".scheme-container .auth-wrapper > button.authorize").click();
      Locator dialog = page.locator(".modal-ux");
      String tokenUrl = "https://127.0.0.1:" + tls + "/ledger/oauth2/token";
      assertThat(dialog.textContent()).contains("gatehouse_oauth2").contains("clientCredentials").contains(tokenUrl);
      assertThat(dialog.locator("input[data-name=clientId]").inputValue()).isEqualTo(clientId);
      assertThat(dialog.locator("input[data-name=clientSecret]").inputValue()).isEqualTo(secret);
      Response tokenAnswer = page.waitForResponse(r -> r.url().equals(tokenUrl) && r.request().method().equals("POST"),
          () -> button(dialog, "Apply given OAuth2 credentials").click());
      assertThat(tokenAnswer.status()).as(tokenAnswer.text()).isEqualTo(200);
      assertThat(tokenAnswer.headerValue("access-control-allow-origin")).isEqualTo(origin); // the cors plugin's
      button(dialog, "Remove authorization").waitFor(); // authorized: the dialog offers to log out
      button(dialog, "Close").click();
      String bearer = (String) page.evaluate("() => docsUi.authSelectors.authorized().toJS().gatehouse_oauth2.token.access_token");
      assertThat(tokenAnswer.text()).contains(bearer);

      // before approval: oauth2 knows the token, acl refuses it, and the browser may read the answer (CORS)
      random.locator(".opblock-summary").click();
      Request call = page.waitForRequest(r -> r.url().endsWith("/ledger/random") && r.method().equals("GET"),
          () -> random.locator("button.execute").click());
      assertThat(call.headerValue("authorization")).isEqualTo("Bearer " + bearer);
      Locator status = random.locator(".live-responses-table .response .response-col_status");
      status.waitFor();
      assertThat(status.textContent().trim()).startsWith("403");
      assertThat(random.locator(".live-responses-table .response .response-col_description").textContent())
          .contains("You cannot consume this service");

      String subId = n.admin.get("/portal/subscriptions?status=requested").json().get("data").get(0).get("id").asText();
      assertThat(n.admin.json("PATCH", "/portal/subscriptions/" + subId, "{\"status\":\"approved\"}").status()).isEqualTo(200);
      n.awaitStatus(200, "/ledger/ready", "Authorization", "Bearer " + bearer);

      random.locator("button.btn-clear").click();
      random.locator("button.execute").click();
      status.waitFor();
      assertThat(status.textContent().trim()).isEqualTo("200");
      assertThat(random.locator(".live-responses-table .response .response-col_description").textContent())
          .contains("/random").contains("portal-app-");
      ManagerPages.shot(page, "portal-docs-oauth2-200");

      // after a reload the page holds no secret: the developers' API names the client id (never the secret)
      var listed = page.evaluate("() => call('GET', '/applications')");
      assertThat(listed.toString()).contains(clientId).doesNotContain(secret);
      page.reload();
      page.locator("#applications li").first().waitFor();
      clickLink(page, "Ledger");
      random.waitFor();
      page.locator(".scheme-container .auth-wrapper > button.authorize").click();
      assertThat(dialog.locator("input[data-name=clientId]").inputValue()).isEqualTo(clientId);
      assertThat(dialog.locator("input[data-name=clientSecret]").inputValue()).isEmpty();
      assertThat(page.locator("#try-client-note").textContent()).contains("ada-app").contains("type its secret");
    }
  }

  /** The OAuth 2.0 client the page shows once, when the application is made. */
  private record Client(String id, String secret) {}

  /** A developer signs up and logs in on the page, then makes an application: its client as shown. */
  private static Client signUpWithApplication(Page page, String email, String application) {
    ManagerPages.portalSignUpAndLogIn(page, email);
    page.locator("#app-name").fill(application);
    clickButton(page, "Create application");
    page.locator("#new-client").waitFor();
    return new Client(page.locator("#client-id").textContent().trim(), page.locator("#client-secret").textContent().trim());
  }

  private static Locator button(Locator in, String name) {
    return in.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(name).setExact(true));
  }
}
