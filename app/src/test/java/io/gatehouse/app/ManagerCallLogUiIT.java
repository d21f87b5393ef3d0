package io.gatehouse.app;

import static io.gatehouse.app.ManagerPages.awaitHeading;
import static io.gatehouse.app.ManagerPages.clickButton;
import static io.gatehouse.app.ManagerPages.clickLink;
import static io.gatehouse.app.ManagerPages.guiUrl;
import static io.gatehouse.app.ManagerPages.shot;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Manager's call log explorer in headless Chromium on a node with {@code analytics = on}: the calls
 * made through the proxy, filtered by service, status class, consumer, route and time range, each
 * filter's rows matching what the Admin API answers; one call's detail. A node without analytics has no
 * call log in the menu.
 */
class ManagerCallLogUiIT extends BrowserTest {
  @TempDir Path dir;

  @Test
  void the_call_log_lists_filters_and_details_the_proxied_calls() throws Exception {
    try (WholeNode node = new WholeNode(dir, Map.of("admin_gui_listen", "127.0.0.1:0", "analytics", "on",
        "plugins", "bundled,call-log"))) {
      node.serviceAndRoute("shop", "/shop");
      node.serviceAndRoute("blog", "/blog");
      node.create("/services/blog/plugins", "{\"name\":\"key-auth\"}");
      node.create("/services/blog/plugins", "{\"name\":\"call-log\"}"); // payloads of blog's calls
      node.create("/consumers", "{\"username\":\"ada\"}");
      node.create("/consumers/ada/key-auth", "{\"key\":\"ada-key\"}");
      // another workspace's call: the default workspace's call log never shows it
      node.create("/workspaces", "{\"name\":\"team-c\"}");
      node.create("/team-c/services", "{\"name\":\"shop\",\"url\":\"" + node.upstream.url("/") + "\"}");
      node.create("/team-c/services/shop/routes", "{\"name\":\"shop\",\"paths\":[\"/team-c-shop\"]}");
      String teamCall = node.awaitStatus(200, "/team-c-shop").headers().firstValue("X-Kong-Request-Id").orElseThrow();
      node.awaitStatus(200, "/shop");
      assertThat(node.get("/shop/status/503").statusCode()).isEqualTo(503);
      assertThat(node.get("/shop/status/503").statusCode()).isEqualTo(503);
      assertThat(node.get("/blog").statusCode()).isEqualTo(401);
      node.awaitStatus(200, "/blog", "apikey", "ada-key");
      assertThat(node.get("/blog/last", "apikey", "ada-key").statusCode()).isEqualTo(200);
      // the writer drains in order: once ada's last call is in, every call before it is
      Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
          node.admin.get("/analytics/calls?consumer=ada").json().path("data").size() == 2);

      Page page = ManagerPages.page(chromium);
      page.setViewportSize(1280, 800);
      page.navigate(guiUrl(node));
      clickLink(page, "Call log");
      awaitHeading(page, "Call log");
      awaitRows(page, apiIds(node, "")); // the last hour: every call of the default workspace, newest first
      assertThat(requestIds(page)).doesNotContain(teamCall);
      shot(page, "call-log");

      filter(page, "#calls-service", "shop");
      awaitRows(page, apiIds(node, "&service=shop"));
      filter(page, "#calls-status", "5xx");
      List<String> errors = apiIds(node, "&service=shop&status=5xx");
      assertThat(errors).hasSize(2);
      awaitRows(page, errors);
      assertThat(page.locator("#calls tr[data-call] td:nth-child(4)").allTextContents()).containsExactly("503", "503");

      page.locator("#calls-service").fill("");
      page.locator("#calls-status").fill("");
      filter(page, "#calls-consumer", "ada");
      awaitRows(page, apiIds(node, "&consumer=ada"));
      assertThat(page.locator("#calls tr[data-call] td:nth-child(3)").first().textContent()).isEqualTo("/blog/last");
      shot(page, "call-log-filtered");
      page.locator("#calls-consumer").fill("");
      filter(page, "#calls-route", "blog");
      awaitRows(page, apiIds(node, "&route=blog"));
      page.locator("#calls-route").fill("");

      // a custom range in the past holds nothing; one from then on holds every call
      page.locator("#calls-range").selectOption("custom");
      page.locator("#calls-from").fill("2000-01-01T00:00");
      page.locator("#calls-to").fill("2000-01-02T00:00");
      clickButton(page, "Search");
      page.getByText("No calls.").waitFor();
      page.locator("#calls-to").fill("");
      clickButton(page, "Search");
      awaitRows(page, apiIds(node, ""));

      // one call's detail
      String id = apiIds(node, "&status=401").getFirst();
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(id)).click();
      awaitHeading(page, "Call " + id);
      JsonNode call = node.admin.get("/analytics/calls/" + id).json();
      assertThat(page.locator("#call-props").textContent())
          .contains("GET /blog", "401", "blog", "request " + call.path("latencies").path("request").asInt(), "upstream —");
      clickLink(page, "Back to the call log");

      // a call with captured payloads: headers as sent (the key redacted) and the upstream's answer
      String last = apiIds(node, "&consumer=ada").getFirst();
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(last)).click();
      awaitHeading(page, "Call " + last);
      assertThat(page.locator("#request-headers").textContent()).contains("apikey: [REDACTED]");
      assertThat(page.locator("#response-body").textContent()).contains("/blog/last");
      shot(page, "call-detail");

      // the workspace switcher: team-c's call log holds its one call only
      clickLink(page, "Back to the call log");
      page.locator("#workspace").selectOption("team-c");
      awaitRows(page, List.of(teamCall));
      assertThat(node.admin.get("/team-c/analytics/calls").json().path("data")).hasSize(1);
    }
  }

  @Test
  void a_node_without_analytics_has_no_call_log_in_the_menu() throws Exception {
    try (WholeNode node = new WholeNode(dir, Map.of("admin_gui_listen", "127.0.0.1:0", "analytics", "off"))) {
      Page page = ManagerPages.page(chromium);
      page.navigate(guiUrl(node));
      awaitHeading(page, "Overview");
      page.locator("nav[data-features=loaded]").waitFor(); // the UI has read /endpoints
      assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Call log")).count()).isZero();
    }
  }

  private static void filter(Page page, String input, String value) {
    page.locator(input).fill(value);
    clickButton(page, "Search");
  }

  private static List<String> requestIds(Page page) {
    return page.locator("#calls tr[data-call]").evaluateAll("rows => rows.map(r => r.dataset.call)")
        instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
  }

  /** Waits until the table shows exactly these calls, in this order. */
  private static void awaitRows(Page page, List<String> ids) {
    Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(requestIds(page)).isEqualTo(ids));
  }

  /** The request ids the Admin API lists for a filter, newest first (the UI asks for pages of 50). */
  private static List<String> apiIds(WholeNode node, String filter) {
    JsonNode data = node.admin.get("/analytics/calls?size=50" + filter).json().get("data");
    assertThat(data.size()).as("a filter the test reads in one page").isLessThan(50);
    java.util.ArrayList<String> ids = new java.util.ArrayList<>();
    data.forEach(c -> ids.add(c.path("request").path("id").asText()));
    return ids;
  }
}
