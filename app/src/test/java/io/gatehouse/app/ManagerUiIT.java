package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.options.AriaRole;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Manager in real headless Chromium against a whole node: a service, a route, a consumer, its
 * key-auth credential and key-auth + rate-limiting plugins are created only through the UI's
 * schema-generated forms, then the proxy proves them with a plain HTTP client.
 */
class ManagerUiIT extends BrowserTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  static String guiUrl(WholeNode node) {
    return ManagerPages.guiUrl(node);
  }

  static Page page() {
    return ManagerPages.page(chromium);
  }

  static void shot(Page page, String name) {
    ManagerPages.shot(page, name);
  }

  /** Opens the create form from a list screen, fills it and waits for the created entity's detail. */
  static void create(Page page, String kind, Map<String, String> fields, String shotName) {
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New " + kind)).click();
    for (var f : fields.entrySet()) {
      var field = page.locator("#" + f.getKey());
      if ("SELECT".equals(field.evaluate("e => e.tagName"))) {
        field.selectOption(f.getValue());
      } else {
        field.fill(f.getValue());
      }
    }
    shot(page, shotName);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create")).click();
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete")).waitFor();
  }

  @Test
  void a_service_route_consumer_credential_and_plugins_made_in_the_ui_serve_traffic() throws Exception {
    try (WholeNode node = new WholeNode(dir, Map.of("admin_gui_listen", "127.0.0.1:0"))) {
      Page page = page();
      page.setViewportSize(1280, 800);
      page.navigate(guiUrl(node));
      page.getByText("Configuration hash").waitFor();
      assertThat(page.locator(".card").first().textContent()).contains(node.node.id().toString());
      shot(page, "overview");

      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Services").setExact(true)).click();
      page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Services")).waitFor();
      int port = node.upstream.port();
      create(page, "services", Map.of("f-name", "ui-svc", "f-host", "127.0.0.1", "f-port", Integer.toString(port),
          "f-protocol", "http"), "service-form");
      shot(page, "service-detail");

      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("routes").setExact(true)).click();
      create(page, "routes", Map.of("f-name", "ui-route", "f-paths", "/ui"), "route-form");
      String routePage = page.url();

      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("plugins").setExact(true)).click();
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New plugins")).click();
      page.locator("#plugin-name").selectOption("key-auth");
      page.locator("#f-config-key_names").waitFor();
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create")).click();
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete")).waitFor();

      page.navigate(guiUrl(node) + "#/e/routes/" + routeIdFrom(routePage) + "/plugins/new");
      page.locator("#plugin-name").selectOption("rate-limiting");
      page.locator("#f-config-minute").fill("2");
      shot(page, "plugin-form-rate-limiting");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create")).click();
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete")).waitFor();
      shot(page, "plugin-detail");

      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Consumers").setExact(true)).click();
      create(page, "consumers", Map.of("f-username", "ui-alice"), "consumer-form");
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("key-auth").setExact(true)).click();
      page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Key-auth credentials")).waitFor();
      String credentials = page.url();
      // the key field is `auto` in Kong's schema: given, it is sent; left empty, it is left out and Kong makes one
      Request given = page.waitForRequest(r -> r.method().equals("POST") && r.url().endsWith("/key-auth"),
          () -> create(page, "key-auth", Map.of("f-key", "ui-secret-key"), "credential-form"));
      assertThat(JSON.readTree(given.postData())).isEqualTo(JSON.readTree("{\"key\":\"ui-secret-key\"}"));
      page.navigate(credentials);
      Request generated = page.waitForRequest(r -> r.method().equals("POST") && r.url().endsWith("/key-auth"),
          () -> create(page, "key-auth", Map.of(), "credential-form-generated"));
      assertThat(JSON.readTree(generated.postData()).has("key")).as(generated.postData()).isFalse();
      var keys = node.admin.get("/consumers/ui-alice/key-auth").json().path("data").findValuesAsText("key");
      assertThat(keys).hasSize(2).contains("ui-secret-key").allSatisfy(k -> assertThat(k).isNotBlank());

      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Routes").setExact(true)).click();
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("ui-route")).waitFor();
      shot(page, "routes-list");

      // the configuration the UI made, proven through the proxy with a plain client
      // (the first answer carrying the limit is the first counted request: the snapshot has every entity)
      HttpResponse<String> first = awaitLimited(node);
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.headers().firstValue("RateLimit-Remaining")).hasValue("1");
      assertThat(node.get("/ui").statusCode()).isEqualTo(401);
      assertThat(node.get("/ui", "apikey", "ui-secret-key").statusCode()).isEqualTo(200);
      assertThat(node.get("/ui", "apikey", "ui-secret-key").statusCode()).isEqualTo(429);
    }
  }

  @Test
  void a_schema_violation_is_shown_next_to_its_field() throws Exception {
    try (WholeNode node = new WholeNode(dir, Map.of("admin_gui_listen", "127.0.0.1:0"))) {
      Page page = page();
      page.setViewportSize(390, 844);
      page.navigate(guiUrl(node) + "#/e/services/new");
      page.locator("#f-name").fill("bad");
      page.locator("#f-host").fill("127.0.0.1");
      page.locator("#f-port").fill("700000");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create")).click();
      page.locator("#f-port-err").waitFor();
      assertThat(page.locator("#f-port-err").textContent()).contains("65535");
      assertThat(page.locator("#f-port").getAttribute("aria-invalid")).isEqualTo("true");
      shot(page, "field-error-phone");
      assertThat(node.admin.get("/services").json().path("data")).isEmpty();

      // at phone width the menu folds behind a button that works from the keyboard
      var menu = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Menu"));
      assertThat(menu.getAttribute("aria-expanded")).isEqualTo("false");
      assertThat(page.locator("#nav").isVisible()).isFalse();
      menu.focus();
      page.keyboard().press("Enter");
      page.locator("#nav").waitFor();
      assertThat(menu.getAttribute("aria-expanded")).isEqualTo("true");
      shot(page, "menu-phone");
    }
  }

  private static HttpResponse<String> awaitLimited(WholeNode node) {
    HttpResponse<String>[] last = new HttpResponse[1];
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).pollInterval(java.time.Duration.ofMillis(50))
        .until(() -> {
          last[0] = node.get("/ui", "apikey", "ui-secret-key");
          return last[0].headers().firstValue("X-RateLimit-Limit-Minute").isPresent();
        });
    return last[0];
  }

  private static String routeIdFrom(String url) {
    return url.substring(url.lastIndexOf('/') + 1);
  }
}
