package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.gatehouse.admin.http.AdminHttpServer;
import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.proxy.ProxyServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product's rendered API docs in real headless Chromium: Swagger UI (served by the portal from
 * its WebJar) shows the document's operations, its server is the proxy, and try-it calls the proxy
 * from the portal's page with the application's key filled in: 403 before the subscription is
 * approved, 200 from the echo upstream after, and both calls are in the application's call log.
 */
class PortalDocsUiIT extends BrowserTest {
  @TempDir Path dir;

  @Test
  void try_it_calls_the_proxy_with_the_applications_key() throws Exception {
    Map<String, String> conf = PortalIT.portalSettings(StoreKind.SQLITE);
    conf.put("portal_auto_approve", "on");
    conf.put("analytics", "on");
    try (WholeNode n = new WholeNode(dir, conf)) {
      n.serviceAndRoute("quotes", "/quotes");
      AdminClient.Resp product = n.admin.post("/portal/products", """
          {"name":"Quotes","description":"Famous quotes","service_ids":["quotes"],
           "openapi":"openapi: 3.0.0\\ninfo:\\n  title: Quotes API\\n  version: '2'\\nservers:\\n  - url: http://upstream.internal\\npaths:\\n  /random:\\n    get:\\n      summary: A random quote\\n      operationId: random\\n      responses: {'200': {description: A quote}}\\n  /quotes/{id}:\\n    delete:\\n      summary: Delete a quote\\n      parameters:\\n        - {name: id, in: path, required: true, schema: {type: string}}\\n      responses: {'204': {description: Deleted}}\\n",
           "plans":[{"name":"free","minute":100}]}""");
      assertThat(product.status()).as(product.toString()).isEqualTo(201);
      int guiPort = n.node.component("portal GUI 127.0.0.1:0", AdminHttpServer.class).orElseThrow().address().getPort();
      int proxyPort = n.node.component(ProxyServer.class).orElseThrow().boundPlainAddresses().getFirst().getPort();

      Page page = ManagerPages.page(chromium); // console errors and failed requests reach the test's output
      page.navigate("http://127.0.0.1:" + guiPort + "/");
      ManagerPages.portalSignUpAndLogIn(page, "grace@example.com");

      page.locator("#app-name").fill("docs-app");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create application")).click();
      page.locator("#new-key").waitFor();
      String key = page.locator("#key").textContent().trim();
      page.locator("#sub-plan").selectOption("free");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Subscribe")).click();
      page.getByText("Subscription requested.").waitFor();

      // the docs: Swagger UI renders the operations; its only server is the proxy, under the route's path
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Quotes")).click();
      Locator random = page.locator(".opblock-get").filter(new Locator.FilterOptions().setHasText("/random"));
      random.waitFor();
      assertThat(page.locator(".opblock .opblock-summary-path").allTextContents())
          .containsExactlyInAnyOrder("/random", "/quotes/{id}");
      assertThat(page.locator(".opblock-delete .opblock-summary-description").textContent()).isEqualTo("Delete a quote");
      assertThat(page.locator(".servers select option").allTextContents())
          .containsExactly("http://127.0.0.1:" + proxyPort + "/quotes - the API gateway");
      // the key the page showed is the key-auth credential Swagger UI sends
      assertThat(page.locator("#try-key").inputValue()).isEqualTo(key);
      assertThat(page.evaluate("() => docsUi.authSelectors.authorized().toJS().gatehouse_key.value")).isEqualTo(key);

      // before approval: key-auth knows the key, acl refuses it, and the browser may read the answer (CORS)
      random.locator(".opblock-summary").click();
      Locator execute = random.locator("button.execute");
      execute.click();
      Locator status = random.locator(".live-responses-table .response .response-col_status");
      status.waitFor();
      assertThat(status.textContent().trim()).startsWith("403"); // "403 Undocumented": the document lists 200 only
      assertThat(random.locator(".live-responses-table .response .response-col_description").textContent())
          .contains("You cannot consume this service");
      ManagerPages.shot(page, "portal-docs-403");

      String subId = n.admin.get("/portal/subscriptions?status=requested").json().get("data").get(0).get("id").asText();
      assertThat(n.admin.json("PATCH", "/portal/subscriptions/" + subId, "{\"status\":\"approved\"}").status()).isEqualTo(200);
      n.awaitStatus(200, "/quotes/ready", "apikey", key);

      random.locator("button.btn-clear").click();
      random.locator("button.execute").click();
      status.waitFor();
      assertThat(status.textContent().trim()).isEqualTo("200");
      // the echo upstream saw the stripped path and the key-auth consumer the proxy found for the key
      String echoed = random.locator(".live-responses-table .response .response-col_description").textContent();
      assertThat(echoed).contains("/random").contains("portal-app-");
      ManagerPages.shot(page, "portal-docs-200");

      // both try-it calls are in the application's call log, as the browser made them (with its Origin)
      AdminClient dev = PortalIT.portalApi(n);
      AdminClient.Resp login = dev.post("/session", "{\"email\":\"grace@example.com\",\"password\":\"a long password\"}");
      String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
      AdminClient me = dev.withHeader("Cookie", cookie.substring(0, cookie.indexOf(';')));
      String appId = me.get("/applications").json().get("data").get(0).get("id").asText();
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        JsonNode calls = me.get("/applications/" + appId + "/calls?size=1000").json().get("data");
        List<String> statuses = new java.util.ArrayList<>();
        for (JsonNode c : calls) {
          if (c.get("request").get("uri").asText().equals("/quotes/random")) statuses.add(c.get("response").get("status").asText());
        }
        assertThat(statuses).containsExactlyInAnyOrder("200", "403");
      });
    }
  }
}
