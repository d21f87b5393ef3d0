package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.gatehouse.admin.http.AdminHttpServer;
import io.gatehouse.admin.testing.AdminClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The portal's pages in real headless Chromium against a whole node: a developer signs up, logs in
 * (the session cookie crosses from the page's origin to the developers' API), creates an application,
 * subscribes; the proxy refuses the key until the operator approves through the Admin API, the page
 * then shows the approval and the call succeeds.
 */
class PortalUiIT extends BrowserTest {
  static final Path SHOTS = Path.of("target/portal-screenshots");
  @TempDir Path dir;

  @Test
  void a_developer_signs_up_subscribes_in_the_browser_and_calls_after_approval() throws Exception {
    Map<String, String> conf = PortalIT.portalSettings(StoreKind.SQLITE);
    conf.put("portal_auto_approve", "on");
    try (WholeNode n = new WholeNode(dir, conf)) {
      n.serviceAndRoute("quotes", "/quotes");
      AdminClient.Resp product = n.admin.post("/portal/products", """
          {"name":"Quotes","description":"Famous quotes","service_ids":["quotes"],
           "openapi":"openapi: 3.0.0\\ninfo:\\n  title: Quotes API\\npaths:\\n  /quotes/random:\\n    get:\\n      summary: A random quote\\n",
           "plans":[{"name":"free","minute":100}]}""");
      assertThat(product.status()).as(product.toString()).isEqualTo(201);
      int guiPort = n.node.component("portal GUI 127.0.0.1:0", AdminHttpServer.class).orElseThrow().address().getPort();

      Page page = ManagerPages.page(chromium); // console errors and failed requests reach the test's output
      page.navigate("http://127.0.0.1:" + guiPort + "/");
      ManagerPages.portalSignUpAndLogIn(page, "grace@example.com");

      // the catalogue and the product's OpenAPI document, rendered by Swagger UI (PortalDocsUiIT tries it)
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Quotes")).click();
      page.locator(".opblock-get").waitFor();
      assertThat(page.locator(".opblock-get .opblock-summary-path").textContent()).isEqualTo("/quotes/random");
      assertThat(page.locator(".opblock-get .opblock-summary-description").textContent()).isEqualTo("A random quote");

      page.locator("#app-name").fill("ui-app");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create application")).click();
      page.locator("#new-key").waitFor();
      page.locator("#applications li[data-app='ui-app']").waitFor();
      String key = page.locator("#key").textContent().trim();
      assertThat(key).hasSizeGreaterThan(30);

      page.locator("#sub-plan").selectOption("free");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Subscribe")).click();
      page.getByText("Subscription requested.").waitFor();
      page.locator(".subscription.status-requested").waitFor();
      page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("requested.png")).setFullPage(true));

      // refused until the operator approves
      assertThat(n.awaitStatus(403, "/quotes", "apikey", key).body()).contains("You cannot consume this service");
      String subId = n.admin.get("/portal/subscriptions?status=requested").json().get("data").get(0).get("id").asText();
      assertThat(n.admin.json("PATCH", "/portal/subscriptions/" + subId, "{\"status\":\"approved\"}").status()).isEqualTo(200);

      page.reload(); // the session cookie survives: straight back to the developer's page
      page.locator(".subscription.status-approved").waitFor();
      assertThat(page.locator(".subscription").textContent()).contains("Quotes (free): approved");
      page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("approved.png")).setFullPage(true));
      assertThat(n.awaitStatus(200, "/quotes", "apikey", key).body()).contains("/quotes");
    }
  }
}
