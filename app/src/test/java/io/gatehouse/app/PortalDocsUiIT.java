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

  /**
   * The portal reached under its public name (Kong Enterprise's {@code portal_gui_host} and
   * {@code portal_api_url}): the page at {@code http://portal.test:<port>} calls the developers' API at
   * {@code portal_api_url}, and try-it calls the proxy on the page's host, whose portal-written
   * {@code cors} plugin grants that origin (the listeners' own origin is 127.0.0.1's).
   */
  @Test
  void try_it_works_from_the_portal_reached_under_its_public_name() throws Exception {
    int[] ports = CliProcess.freePorts(2); // the public names carry the ports, so they are chosen first
    Map<String, String> conf = PortalIT.portalSettings(StoreKind.SQLITE);
    conf.put("portal_auto_approve", "on");
    conf.put("portal_gui_listen", "127.0.0.1:" + ports[0]);
    conf.put("portal_api_listen", "127.0.0.1:" + ports[1]);
    conf.put("portal_gui_host", "portal.test:" + ports[0]);
    conf.put("portal_api_url", "http://api.portal.test:" + ports[1]); // same site as the page: its cookie goes along
    try (WholeNode n = new WholeNode(dir, conf);
        io.gatehouse.testsupport.HeadlessChromium browser = io.gatehouse.testsupport.HeadlessChromium.builder()
            .mapHost("portal.test").mapHost("api.portal.test").launch()) {
      n.serviceAndRoute("named", "/named");
      AdminClient.Resp product = n.admin.post("/portal/products", """
          {"name":"Named","service_ids":["named"],
           "openapi":"openapi: 3.0.0\\ninfo:\\n  title: Named API\\n  version: '1'\\npaths:\\n  /random:\\n    get:\\n      summary: A random quote\\n      responses: {'200': {description: A quote}}\\n"}""");
      assertThat(product.status()).as(product.toString()).isEqualTo(201);
      int proxyPort = n.node.component(ProxyServer.class).orElseThrow().boundPlainAddresses().getFirst().getPort();

      Page page = ManagerPages.page(browser);
      List<String> apiCalls = new java.util.concurrent.CopyOnWriteArrayList<>();
      page.onRequest(r -> { if (r.url().contains("/register") || r.url().contains("/session")) apiCalls.add(r.url()); });
      page.navigate("http://portal.test:" + ports[0] + "/");
      ManagerPages.portalSignUpAndLogIn(page, "nina@example.com");
      assertThat(apiCalls).isNotEmpty().allSatisfy(u -> assertThat(u).startsWith("http://api.portal.test:" + ports[1] + "/"));

      page.locator("#app-name").fill("named-app");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create application")).click();
      page.locator("#new-key").waitFor();
      String key = page.locator("#key").textContent().trim();
      page.locator("#sub-plan").selectOption("default");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Subscribe")).click();
      page.getByText("Subscription requested.").waitFor();
      String subId = n.admin.get("/portal/subscriptions?status=requested").json().get("data").get(0).get("id").asText();
      assertThat(n.admin.json("PATCH", "/portal/subscriptions/" + subId, "{\"status\":\"approved\"}").status()).isEqualTo(200);
      n.awaitStatus(200, "/named/ready", "apikey", key);

      // try-it from http://portal.test:<gui port>: the proxy on the page's host answers CORS for that origin
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Named")).click();
      Locator random = page.locator(".opblock-get").filter(new Locator.FilterOptions().setHasText("/random"));
      random.waitFor();
      assertThat(page.locator(".servers select option").allTextContents())
          .containsExactly("http://portal.test:" + proxyPort + "/named - the API gateway");
      random.locator(".opblock-summary").click();
      random.locator("button.execute").click();
      Locator status = random.locator(".live-responses-table .response .response-col_status");
      status.waitFor();
      assertThat(status.textContent().trim()).isEqualTo("200");
      assertThat(random.locator(".live-responses-table .response .response-col_description").textContent())
          .contains("/random").contains("portal-app-");
    }
  }
}
