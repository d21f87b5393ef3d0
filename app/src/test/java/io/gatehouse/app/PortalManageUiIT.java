package io.gatehouse.app;

import static io.gatehouse.app.ManagerPages.awaitHeading;
import static io.gatehouse.app.ManagerPages.clickButton;
import static io.gatehouse.app.ManagerPages.clickLink;
import static io.gatehouse.app.ManagerPages.guiUrl;
import static io.gatehouse.app.ManagerPages.shot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import com.sun.net.httpserver.HttpServer;
import io.gatehouse.admin.http.AdminHttpServer;
import io.gatehouse.admin.testing.AdminClient;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20's life-cycle actions through the pages, in headless Chromium, each proven at the proxy or the
 * Admin API: on the developer portal page a plan change (the rate-limit headers change), a key rotation
 * (old key 401, new 200), an application's deletion (401 within a second) and the account's deletion; in
 * the Manager the applications screen (delete), a developer's deletion, an operator's plan change and a
 * product's openapi_url with "Fetch now". The portal page is also driven at phone width.
 */
class PortalManageUiIT extends BrowserTest {
  @TempDir Path dir;

  @Test
  void a_developer_changes_plans_rotates_keys_and_deletes_applications_and_the_account_on_the_page() throws Exception {
    Map<String, String> conf = PortalIT.portalSettings(StoreKind.SQLITE);
    conf.put("portal_auto_approve", "on");
    try (WholeNode n = new WholeNode(dir, conf)) {
      n.serviceAndRoute("quotes", "/quotes");
      AdminClient.Resp product = n.admin.post("/portal/products", """
          {"name":"Quotes","service_ids":["quotes"],"auto_approve":true,
           "plans":[{"name":"free","minute":5},{"name":"gold","minute":1000}]}""");
      assertThat(product.status()).as(product.toString()).isEqualTo(201);
      Page page = ManagerPages.page(chromium);
      page.setViewportSize(390, 844); // a phone
      page.onDialog(d -> d.accept()); // the confirmations
      page.navigate(portalUrl(n));
      ManagerPages.portalSignUpAndLogIn(page, "grace@example.com");

      page.locator("#app-name").fill("ui-app");
      button(page, "Create application");
      page.locator("#applications li[data-app='ui-app']").waitFor();
      String key = page.locator("#key").textContent().trim();
      page.locator("#sub-plan").selectOption("free");
      button(page, "Subscribe");
      page.getByText("Subscription approved.").waitFor();
      assertThat(n.awaitStatus(200, "/quotes", "apikey", key).headers().firstValue("X-RateLimit-Limit-Minute")).hasValue("5");

      // the plan, changed with the keyboard only: the select, then Enter on its button
      page.getByLabel("Plan for ui-app on Quotes", new Page.GetByLabelOptions().setExact(true)).selectOption("gold");
      page.getByLabel("Change the plan of ui-app on Quotes").focus();
      page.keyboard().press("Enter");
      page.getByText("Plan of ui-app changed to gold.").waitFor();
      assertThat(page.locator(".subscription").first().textContent()).contains("Quotes (gold): approved");
      await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).until(() ->
          n.get("/quotes", "apikey", key).headers().firstValue("X-RateLimit-Limit-Minute").orElse("").equals("1000"));
      assertThat(n.admin.get("/portal/subscriptions").json().get("data").get(0).get("plan").asText()).isEqualTo("gold");
      assertThat(wider(page)).as("elements wider than a phone's screen").isEmpty();
      ManagerPages.shot(page, "portal-phone-applications");

      // a new key, shown once; the old one is refused within a second and the new one passes
      button(page, "Rotate the key of ui-app");
      page.getByText("The key of ui-app was replaced.").waitFor();
      assertThat(page.locator("#key-label").textContent()).isEqualTo("New key of ui-app (shown once):");
      String fresh = page.locator("#key").textContent().trim();
      assertThat(fresh).hasSizeGreaterThan(30).isNotEqualTo(key);
      stopsWithinASecond(n, key);
      assertThat(n.awaitStatus(200, "/quotes", "apikey", fresh).headers().firstValue("X-RateLimit-Limit-Minute")).hasValue("1000");

      // a second application, deleted after the confirmation: its key stops within a second
      page.locator("#app-name").fill("doomed");
      button(page, "Create application");
      page.locator("#applications li[data-app='doomed']").waitFor();
      String doomedKey = page.locator("#key").textContent().trim();
      page.locator("#sub-app").selectOption(new com.microsoft.playwright.options.SelectOption().setLabel("doomed"));
      button(page, "Subscribe");
      page.locator("#applications li[data-app='doomed'] .subscription.status-approved").waitFor();
      n.awaitStatus(200, "/quotes", "apikey", doomedKey);
      button(page, "Delete application doomed");
      page.getByText("Application doomed deleted.").waitFor();
      stopsWithinASecond(n, doomedKey);
      assertThat(page.locator("#applications li[data-app='doomed']").count()).isZero();
      assertThat(n.admin.get("/portal/applications").json().get("data")).hasSize(1);

      // the account, with its last application: back to the login form, the key refused
      button(page, "Delete my account");
      page.getByText("Your account was deleted.").waitFor();
      page.locator("#account").waitFor();
      stopsWithinASecond(n, fresh);
      assertThat(n.admin.get("/portal/developers/grace@example.com").status()).isEqualTo(404);
      assertThat(n.admin.get("/portal/applications").json().get("data")).isEmpty();
      page.locator("#email").fill("grace@example.com");
      page.locator("#password").fill("a long password");
      button(page, "Log in");
      page.getByText("Invalid e-mail address or password").waitFor(); // the account is gone
    }
  }

  @Test
  void the_operator_deletes_applications_and_developers_changes_plans_and_fetches_openapi_in_the_manager() throws Exception {
    AtomicReference<String> served = new AtomicReference<>(doc("v1"));
    HttpServer docs = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    docs.createContext("/openapi.yaml", ex -> {
      byte[] b = served.get().getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    docs.start();
    Map<String, String> conf = PortalIT.portalSettings(StoreKind.SQLITE);
    conf.put("admin_gui_listen", "127.0.0.1:0");
    try (WholeNode n = new WholeNode(dir, conf)) {
      n.serviceAndRoute("vault", "/vault");
      AdminClient.Resp product = n.admin.post("/portal/products", """
          {"name":"Vault","service_ids":["vault"],"auto_approve":false,
           "plans":[{"name":"basic","minute":3},{"name":"gold","minute":1000}]}""");
      assertThat(product.status()).as(product.toString()).isEqualTo(201);
      AdminClient ada = PortalIT.approvedDeveloper(n, "ada@example.com");
      AdminClient bob = PortalIT.approvedDeveloper(n, "bob@example.com");
      String[] adaApp = subscribedApp(n, ada, "ada-app");
      String[] bobApp = subscribedApp(n, bob, "bob-app");
      assertThat(n.awaitStatus(200, "/vault", "apikey", adaApp[1]).headers().firstValue("X-RateLimit-Limit-Minute")).hasValue("3");

      Page manager = ManagerPages.page(chromium);
      manager.onDialog(d -> d.accept());
      manager.setViewportSize(1280, 800);
      manager.navigate(guiUrl(n));

      // the operator moves ada's subscription to gold: the proxy's tier follows
      clickLink(manager, "Subscriptions");
      awaitHeading(manager, "Subscriptions");
      manager.getByLabel("Plan of ada-app on Vault", new Page.GetByLabelOptions().setExact(true)).selectOption("gold");
      clickButton(manager, "Change the plan of ada-app on Vault");
      manager.getByText("ada-app → Vault: plan gold.").waitFor();
      await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).until(() ->
          n.get("/vault", "apikey", adaApp[1]).headers().firstValue("X-RateLimit-Limit-Minute").orElse("").equals("1000"));
      assertThat(n.admin.get("/portal/subscriptions?application=" + adaApp[0]).json().get("data").get(0).get("plan").asText())
          .isEqualTo("gold");
      shot(manager, "portal-subscriptions-plan");

      // the applications screen: ada's application deleted, its key refused within a second
      clickLink(manager, "Applications");
      awaitHeading(manager, "Applications");
      manager.locator("tr[data-application='bob-app']").waitFor();
      assertThat(manager.locator("tr[data-application='ada-app']").textContent()).contains("ada@example.com");
      shot(manager, "portal-applications");
      clickButton(manager, "Delete application ada-app of ada@example.com");
      manager.getByText("ada-app (ada@example.com): deleted.").waitFor();
      stopsWithinASecond(n, "/vault", adaApp[1]);
      assertThat(n.admin.get("/portal/applications/" + adaApp[0]).status()).isEqualTo(404);
      assertThat(n.get("/vault", "apikey", bobApp[1]).statusCode()).isEqualTo(200);

      // bob's account deleted from the developers screen: his application and key go with it
      clickLink(manager, "Developers");
      awaitHeading(manager, "Developers");
      clickButton(manager, "Delete bob@example.com");
      manager.getByText("bob@example.com: deleted.").waitFor();
      assertThat(manager.locator("tr[data-developer='bob@example.com']").count()).isZero();
      stopsWithinASecond(n, "/vault", bobApp[1]);
      assertThat(n.admin.get("/portal/developers/bob@example.com").status()).isEqualTo(404);
      assertThat(bob.get("/developer").status()).isEqualTo(401); // his session ended with the account

      // the product's OpenAPI URL: fetched on save, again on "Fetch now"
      String url = "http://127.0.0.1:" + docs.getAddress().getPort() + "/openapi.yaml";
      clickLink(manager, "API products");
      clickLink(manager, "Vault");
      awaitHeading(manager, "API product Vault");
      assertThat(manager.getByText("Not fetched: the text below is the document.").isVisible()).isTrue();
      manager.getByLabel("OpenAPI URL").fill(url);
      clickButton(manager, "Save product");
      manager.getByText("Product saved.").waitFor();
      assertThat(manager.locator("#product-openapi").inputValue()).contains("Vault v1");
      assertThat(n.admin.get("/portal/products/Vault").json().get("openapi_url").asText()).isEqualTo(url);
      served.set(doc("v2"));
      clickButton(manager, "Fetch now");
      manager.getByText("OpenAPI document fetched from " + url + ".").waitFor();
      assertThat(manager.locator("#product-openapi").inputValue()).contains("Vault v2");
      assertThat(n.admin.get("/portal/products/Vault").json().get("openapi").asText()).contains("Vault v2");
      assertThat(manager.locator("#product-openapi-url-state").textContent()).startsWith("Last fetched (UTC): 20");
      shot(manager, "portal-product-openapi-url");

      // a source that stops answering: the API's 502 message shows and the stored document stays
      docs.stop(0);
      clickButton(manager, "Fetch now");
      manager.getByText("Cannot fetch the OpenAPI document").waitFor();
      assertThat(n.admin.get("/portal/products/Vault").json().get("openapi").asText()).contains("Vault v2");
    } finally {
      docs.stop(0);
    }
  }

  private static String doc(String version) {
    return "openapi: 3.0.0\ninfo: {title: Vault " + version + ", version: '1'}\npaths:\n  /secret:\n    get: {summary: A secret}\n";
  }

  private static String portalUrl(WholeNode n) {
    return "http://127.0.0.1:" + n.node.component("portal GUI 127.0.0.1:0", AdminHttpServer.class).orElseThrow().address().getPort() + "/";
  }

  /**
   * The visible elements reaching past the viewport's right edge, so that the page scrolls sideways (inside a
   * box that scrolls on its own, as the calls table, they do not count).
   */
  @SuppressWarnings("unchecked")
  private static java.util.List<String> wider(Page page) {
    return (java.util.List<String>) page.evaluate("""
        () => {
          const scrolls = e => { for (let p = e.parentElement; p; p = p.parentElement) {
            if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return true; } return false; };
          return [...document.querySelectorAll('body *')].filter(e => e.getClientRects().length
              && e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !scrolls(e))
            .map(e => e.tagName + '#' + e.id + '.' + e.className)
            .concat(document.documentElement.scrollWidth > document.documentElement.clientWidth ? ['the page'] : []);
        }""");
  }

  private static void button(Page page, String name) {
    ManagerPages.clickButton(page, name);
  }

  private static void stopsWithinASecond(WholeNode n, String key) {
    stopsWithinASecond(n, "/quotes", key);
  }

  private static void stopsWithinASecond(WholeNode n, String path, String key) {
    await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
        .until(() -> n.get(path, "apikey", key).statusCode() == 401); // key-auth: no such key any more
  }


  /** An application subscribed to Vault under basic, approved by the operator: its id and key. */
  private static String[] subscribedApp(WholeNode n, AdminClient me, String name) {
    AdminClient.Resp app = me.post("/applications", "{\"name\":\"" + name + "\"}");
    assertThat(app.status()).as(app.toString()).isEqualTo(201);
    String id = app.json().get("id").asText();
    AdminClient.Resp sub = me.post("/applications/" + id + "/subscriptions", "{\"product\":\"Vault\",\"plan\":\"basic\"}");
    assertThat(sub.status()).as(sub.toString()).isEqualTo(201);
    assertThat(n.admin.json("PATCH", "/portal/subscriptions/" + sub.json().get("id").asText(), "{\"status\":\"approved\"}").status())
        .isEqualTo(200);
    return new String[] {id, app.json().get("key").asText()};
  }
}
