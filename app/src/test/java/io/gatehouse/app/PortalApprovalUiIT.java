package io.gatehouse.app;

import static io.gatehouse.app.ManagerPages.awaitHeading;
import static io.gatehouse.app.ManagerPages.clickButton;
import static io.gatehouse.app.ManagerPages.clickLink;
import static io.gatehouse.app.ManagerPages.guiUrl;
import static io.gatehouse.app.ManagerPages.shot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.gatehouse.admin.http.AdminHttpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20's check, both sides in headless Chromium: the operator publishes a product in the Manager, a
 * developer signs up on the portal page and waits until the operator approves the account in the Manager,
 * then creates an application and subscribes; the proxy refuses the key (403) until the operator approves
 * the subscription in the Manager, then lets it through (200); revoking it in the Manager refuses it again
 * within a second. A node without the portal shows no portal screens.
 */
class PortalApprovalUiIT extends BrowserTest {
  @TempDir Path dir;

  @Test
  void a_developer_is_refused_until_the_operator_approves_in_the_manager_then_revoked() throws Exception {
    Map<String, String> conf = PortalIT.portalSettings(StoreKind.SQLITE);
    conf.put("admin_gui_listen", "127.0.0.1:0");
    try (WholeNode n = new WholeNode(dir, conf)) {
      n.serviceAndRoute("quotes", "/quotes");
      Page manager = ManagerPages.page(chromium);
      manager.setViewportSize(1280, 800);
      manager.navigate(guiUrl(n));

      // the operator publishes a product with a plan and an OpenAPI document, in the Manager
      clickLink(manager, "API products");
      awaitHeading(manager, "API products");
      clickLink(manager, "New product");
      awaitHeading(manager, "New API product");
      manager.locator("#product-name").fill("Quotes");
      manager.locator("#product-description").fill("Famous quotes");
      manager.locator("#product-version").fill("1.0");
      manager.locator("#product-services").fill("quotes");
      manager.locator("#plan-0-name").fill("free");
      manager.locator("#plan-0-minute").fill("100");
      manager.locator("#product-openapi").fill("openapi: 3.0.0\ninfo:\n  title: Quotes API\npaths:\n  /quotes/random:\n"
          + "    get:\n      summary: A random quote\n");
      clickButton(manager, "Create product");
      awaitHeading(manager, "API product Quotes");
      assertThat(manager.locator("#product-openapi").inputValue()).contains("A random quote");
      shot(manager, "portal-product");
      JsonNode product = n.admin.get("/portal/products/Quotes").json();
      assertThat(product.get("plans").toString()).isEqualTo("[{\"name\":\"free\",\"minute\":100}]");
      assertThat(product.get("outline").toString()).contains("/quotes/random");
      assertThat(product.get("service_ids").get(0).asText()).isEqualTo(n.admin.get("/services/quotes").json().get("id").asText());

      // edited in the Manager: a second plan and a new description
      manager.locator("#product-description").fill("Famous quotes, daily");
      clickButton(manager, "Add plan");
      manager.locator("#plan-1-name").fill("gold");
      manager.locator("#plan-1-hour").fill("5000");
      clickButton(manager, "Save product");
      manager.getByText("Product saved.").waitFor();
      product = n.admin.get("/portal/products/Quotes").json();
      assertThat(product.get("description").asText()).isEqualTo("Famous quotes, daily");
      assertThat(product.get("plans").toString())
          .isEqualTo("[{\"name\":\"free\",\"minute\":100},{\"name\":\"gold\",\"hour\":5000}]");

      clickLink(manager, "API products");
      manager.locator("tbody tr a").first().waitFor(); // the list has loaded
      assertThat(manager.locator("tbody tr").first().textContent())
          .contains("Quotes", "1.0", "free (100/minute); gold (5000/hour)");
      shot(manager, "portal-products");

      // a product the API refuses shows the field's error and is not created
      clickLink(manager, "New product");
      manager.locator("#product-name").fill("Broken");
      manager.locator("#product-services").fill("quotes");
      manager.locator("#product-openapi").fill("just text");
      clickButton(manager, "Create product");
      assertThat(manager.locator("#product-openapi + .error").textContent())
          .contains("OpenAPI");
      assertThat(n.admin.get("/portal/products/Broken").status()).isEqualTo(404);

      // the developer signs up on the portal page; the account waits for the operator
      int portalPort = n.node.component("portal GUI 127.0.0.1:0", AdminHttpServer.class).orElseThrow().address().getPort();
      Page portal = ManagerPages.page(chromium);
      portal.navigate("http://127.0.0.1:" + portalPort + "/");
      portal.locator("#email").fill("grace@example.com");
      portal.locator("#password").fill("a long password");
      portalButton(portal, "Sign up");
      portal.getByText("Account created; it is waiting for approval.").waitFor();
      portalButton(portal, "Log in");
      portal.getByText("Your account is waiting for approval").waitFor();

      // the operator approves the account in the Manager
      clickLink(manager, "Developers");
      awaitHeading(manager, "Developers");
      assertThat(manager.locator("tr[data-developer='grace@example.com'] .state").textContent()).isEqualTo("pending");
      shot(manager, "portal-developers");
      clickButton(manager, "Approve grace@example.com");
      manager.getByText("grace@example.com: approved.").waitFor();
      assertThat(manager.locator("tr[data-developer='grace@example.com'] .state").textContent()).isEqualTo("approved");
      assertThat(n.admin.get("/portal/developers/grace@example.com").json().get("status").asText()).isEqualTo("approved");

      // now the developer logs in, creates an application and subscribes
      portalButton(portal, "Log in");
      portal.getByText("Logged in as grace@example.com").waitFor();
      portal.locator("#app-name").fill("ui-app");
      portalButton(portal, "Create application");
      portal.locator("#new-key").waitFor();
      String key = portal.locator("#key").textContent().trim();
      assertThat(key).hasSizeGreaterThan(30);
      portal.locator("#sub-plan").selectOption("free");
      portalButton(portal, "Subscribe");
      portal.getByText("Subscription requested.").waitFor();

      // refused until the operator approves the subscription in the Manager
      assertThat(n.awaitStatus(403, "/quotes", "apikey", key).body()).contains("You cannot consume this service");
      clickLink(manager, "Subscriptions");
      awaitHeading(manager, "Subscriptions");
      assertThat(manager.locator("tr[data-subscription]").textContent())
          .contains("ui-app", "grace@example.com", "Quotes", "free", "requested");
      shot(manager, "portal-subscriptions-requested");
      clickButton(manager, "Approve ui-app on Quotes");
      manager.getByText("ui-app → Quotes: approved.").waitFor();
      assertThat(manager.locator("tr[data-subscription] .state").textContent()).isEqualTo("approved");
      shot(manager, "portal-subscriptions-approved");
      assertThat(n.awaitStatus(200, "/quotes", "apikey", key).body()).contains("/quotes");
      portal.reload();
      portal.locator(".subscription.status-approved").waitFor();

      // revoked in the Manager: refused again within a second of the decision
      clickButton(manager, "Revoke ui-app on Quotes");
      manager.getByText("ui-app → Quotes: revoked.").waitFor();
      await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
          .until(() -> n.get("/quotes", "apikey", key).statusCode() == 403);
      assertThat(n.admin.get("/acls").json().get("data")).isEmpty();

      // the status filter reads the API's ?status=
      manager.locator("#subs-status").selectOption("requested");
      manager.getByText("No subscriptions.").waitFor();
      manager.locator("#subs-status").selectOption("revoked");
      manager.locator("tbody tr .state-revoked").waitFor();
    }
  }

  @Test
  void a_node_without_the_portal_shows_no_portal_screens() throws Exception {
    try (WholeNode n = new WholeNode(dir, Map.of("admin_gui_listen", "127.0.0.1:0"))) {
      Page manager = ManagerPages.page(chromium);
      manager.navigate(guiUrl(n));
      awaitHeading(manager, "Overview");
      manager.locator("nav[data-features=loaded]").waitFor(); // the UI has read /endpoints
      assertThat(manager.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("API products")).count()).isZero();
      assertThat(manager.locator("nav[aria-label=Main] ul[aria-label='Developer portal']").count()).isZero();
    }
  }

  private static void portalButton(Page page, String name) {
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name)).click();
  }
}
