package io.gatehouse.app;

import static io.gatehouse.app.ManagerPages.awaitHeading;
import static io.gatehouse.app.ManagerPages.clickButton;
import static io.gatehouse.app.ManagerPages.clickLink;
import static io.gatehouse.app.ManagerPages.guiUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
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
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 in the pages, in headless Chromium: the operator creates an {@code oauth2} product in the
 * Manager's form; a developer creates an application on the portal page, which shows its client id
 * and secret once; a token for them (Nimbus, the proxy's TLS listener) calls the API.
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
      ManagerPages.portalSignUpAndLogIn(page, "hedy@example.com");
      page.locator("#app-name").fill("hedy-app");
      clickButton(page, "Create application");
      page.locator("#new-client").waitFor();
      String clientId = page.locator("#client-id").textContent().trim();
      String secret = page.locator("#client-secret").textContent().trim();
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
}
