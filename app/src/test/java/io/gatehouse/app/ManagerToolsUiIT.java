package io.gatehouse.app;

import static io.gatehouse.app.ManagerPages.awaitHeading;
import static io.gatehouse.app.ManagerPages.clickButton;
import static io.gatehouse.app.ManagerPages.clickLink;
import static io.gatehouse.app.ManagerPages.guiUrl;
import static io.gatehouse.app.ManagerPages.shot;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Manager's YAML screen on a DB-less node and on one with a database (export, edit, import with a
 * per-entity preview, proven through the proxy) and its traffic charts, from the call log
 * ({@code /analytics/aggregates}) and from live Prometheus scrapes: by group, and one service, route
 * or consumer over time (requests, errors, percentiles, status codes), in headless Chromium.
 */
class ManagerToolsUiIT extends BrowserTest {
  /** A JS expression: a chart's datasets as sorted {@code label=sum} (false before the chart exists). */
  private static final String SUMS = "(() => { const c = window.Chart && Chart.getChart(document.getElementById('%s'));"
      + " return !!c && c.data.datasets.map(d => d.label + '=' + d.data.reduce((a, b) => a + b, 0)).sort().join(','); })()";

  @TempDir Path dir;

  @Test
  void the_yaml_screen_exports_previews_and_imports_a_db_less_configuration() throws Exception {
    try (WholeNode node = new WholeNode(dir, Map.of("admin_gui_listen", "127.0.0.1:0", "database", "off"))) {
      Page page = ManagerPages.page(chromium);
      page.setViewportSize(1280, 800);
      page.navigate(guiUrl(node));
      clickLink(page, "YAML");
      awaitHeading(page, "Configuration (YAML)");
      assertThat(page.locator("#config-current").textContent()).contains("_format_version");
      String yaml = """
          _format_version: "3.0"
          services:
          - name: yaml-svc
            url: %s
            routes:
            - name: yaml-route
              paths: [/yaml]
          """.formatted(node.upstream.url("/"));
      page.locator("#config-draft").fill(yaml);
      clickButton(page, "Preview changes");
      page.locator("#config-diff").waitFor();
      assertThat(page.locator("#config-diff .add").allTextContents()).anySatisfy(l -> assertThat(l).contains("name: yaml-svc"));
      assertThat(node.get("/yaml").statusCode()).isEqualTo(404); // nothing applied by a preview
      shot(page, "yaml-import-preview");
      assertThat(page.locator("#entity-diff-summary").textContent()).contains("2 created, 0 updated, 0 deleted");
      clickButton(page, "Apply");
      page.getByText("Configuration loaded: 2 created, 0 updated, 0 deleted.").waitFor();
      assertThat(page.locator("#config-current").textContent()).contains("yaml-svc").contains("yaml-route");
      shot(page, "yaml-export");
      assertThat(node.awaitStatus(200, "/yaml").statusCode()).isEqualTo(200);

      // a configuration that does not load is refused with Kong's error at the preview and changes nothing
      page.locator("#config-draft").fill("_format_version: \"3.0\"\nservices:\n- name: broken\n  port: 99999\n");
      clickButton(page, "Preview changes");
      assertThat(page.locator(".error").textContent()).contains("400").contains("declarative config is invalid");
      assertThat(page.locator("button[type=submit]").isDisabled()).isTrue();
      assertThat(node.get("/yaml").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void the_yaml_screen_exports_previews_by_entity_and_imports_on_a_node_with_a_database() throws Exception {
    try (WholeNode node = new WholeNode(dir, Map.of("admin_gui_listen", "127.0.0.1:0"))) {
      node.serviceAndRoute("keep", "/keep");
      node.serviceAndRoute("gone", "/gone");
      node.awaitStatus(200, "/gone");
      Page page = ManagerPages.page(chromium);
      page.setViewportSize(1280, 900);
      page.navigate(guiUrl(node));
      clickLink(page, "YAML");
      awaitHeading(page, "Configuration (YAML)");
      page.locator("#config-current").getByText("name: gone").first().waitFor();

      // edit the export: one service changed, one gone with its route, a new one with a route
      clickButton(page, "Edit current");
      String export = page.locator("#config-draft").inputValue();
      assertThat(export).contains("_format_version: \"3.0\"", "name: keep", "retries: 5");
      String edited = withoutItems(export, "name: gone").replace("retries: 5", "retries: 2")
          .replace("\nservices:\n", "\nservices:\n- name: fresh\n  url: %s\n  routes:\n  - name: fresh\n    paths: [/fresh]\n"
              .formatted(node.upstream.url("/")));
      page.locator("#config-draft").fill(edited);
      clickButton(page, "Preview changes");
      page.locator("#entity-diff").waitFor();
      assertThat(page.locator("#entity-diff-summary").textContent()).contains("2 created, 1 updated, 2 deleted");
      // every cell but the id, per row
      Object rows = page.evaluate("() => [...document.querySelectorAll('#entity-diff tbody tr')].map(tr => [...tr.cells]"
          + ".filter((c, i) => i !== 3).map(c => c.textContent.trim()).filter(t => t).join(' ')).sort()");
      assertThat(((java.util.List<?>) rows).stream().map(String::valueOf).toList()).containsExactly("create routes fresh", "create services fresh", "delete routes gone",
          "delete services gone", "update services keep retries");
      assertThat(node.get("/fresh").statusCode()).isEqualTo(404); // nothing applied by a preview
      assertThat(node.get("/gone").statusCode()).isEqualTo(200);
      shot(page, "yaml-db-preview");

      clickButton(page, "Apply");
      page.getByText("Configuration loaded: 2 created, 1 updated, 2 deleted.").waitFor();
      assertThat(page.locator("#config-current").textContent()).contains("name: fresh", "retries: 2").doesNotContain("name: gone");
      assertThat(node.awaitStatus(200, "/fresh").statusCode()).isEqualTo(200);
      assertThat(node.awaitStatus(404, "/gone").statusCode()).isEqualTo(404);
      assertThat(node.get("/keep").statusCode()).isEqualTo(200);
      assertThat(node.admin.get("/services/keep").json().path("retries").asInt()).isEqualTo(2);
    }
  }

  /** The YAML without the top-level list items ({@code - …} at column 0) that hold {@code line}. */
  private static String withoutItems(String yaml, String line) {
    StringBuilder out = new StringBuilder();
    StringBuilder item = null;
    for (String l : yaml.split("\n", -1)) {
      if (item != null && (l.startsWith("- ") || !l.startsWith(" "))) {
        if (!item.toString().contains(line + "\n")) out.append(item);
        item = null;
      }
      if (l.startsWith("- ")) item = new StringBuilder();
      (item != null ? item : out).append(l).append('\n');
    }
    if (item != null && !item.toString().contains(line + "\n")) out.append(item);
    return out.toString();
  }

  @Test
  void the_traffic_screen_charts_requests_latency_and_errors_per_service() throws Exception {
    try (WholeNode node = new WholeNode(dir, Map.of("admin_gui_listen", "127.0.0.1:0", "analytics", "on"))) {
      node.serviceAndRoute("shop", "/shop");
      node.serviceAndRoute("blog", "/blog");
      node.awaitStatus(200, "/shop");
      node.awaitStatus(200, "/blog"); // one call each so far
      for (int i = 0; i < 3; i++) {
        assertThat(node.get("/shop").statusCode()).isEqualTo(200);
      }
      assertThat(node.get("/shop/status/503").statusCode()).isEqualTo(503);
      assertThat(node.get("/shop/status/503").statusCode()).isEqualTo(503);
      assertThat(node.get("/blog").statusCode()).isEqualTo(200);
      // the call log is written off the event loop: wait until it holds every call
      Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
          node.admin.get("/analytics/aggregates").json().path("data").path(0).path("requests").asInt() >= 8);

      Page page = ManagerPages.page(chromium);
      page.setViewportSize(1280, 800);
      page.navigate(guiUrl(node));
      clickLink(page, "Traffic");
      awaitHeading(page, "Traffic");
      page.locator("#traffic-totals").waitFor();
      var shop = page.locator("#traffic-totals tr").filter(new com.microsoft.playwright.Locator.FilterOptions()
          .setHasText("shop")).locator("td").allTextContents();
      assertThat(shop.subList(0, 4)).containsExactly("shop", "6", "2", "2"); // requests, errors, 5xx
      Object requestsCharted = page.evaluate("() => Chart.getChart(document.getElementById('chart-requests')).data.datasets"
          + ".map(d => d.label + '=' + d.data.reduce((a, b) => a + b, 0)).sort().join(',')");
      assertThat(requestsCharted).isEqualTo("blog=2,shop=6");
      Object latencySeries = page.evaluate("() => Chart.getChart(document.getElementById('chart-latency')).data.datasets"
          + ".map(d => d.label).join(',')");
      assertThat(latencySeries).isEqualTo("p50 (ms),p95 (ms),p99 (ms)");
      Object errorsCharted = page.evaluate("() => { const c = Chart.getChart(document.getElementById('chart-errors'));"
          + " return c.data.labels.map((l, i) => l + '=' + c.data.datasets[1].data[i]).sort().join(','); }");
      assertThat(errorsCharted).isEqualTo("blog=0,shop=2");
      // this week vs last week: two series of 7 days; every call is from today, none from last week
      Object weeks = page.evaluate("() => Chart.getChart(document.getElementById('chart-weeks')).data.datasets"
          + ".map(d => d.label + ':' + d.data.length + '=' + d.data.reduce((a, b) => a + b, 0)).join(',')");
      assertThat(weeks).isEqualTo("last 7 days:7=8,the 7 days before:7=0");
      shot(page, "traffic");

      // one service over time (the busiest first): requests, errors, 5xx, percentiles, status breakdown
      page.waitForFunction(SUMS.formatted("chart-group-status") + " === '200=4,503=2'");
      assertThat(page.locator("#traffic-group-pick").inputValue()).isEqualTo("shop");
      assertThat(page.evaluate("() => (" + SUMS.formatted("chart-group-requests") + ")"))
          .isEqualTo("4xx and 5xx=2,5xx=2,requests=6");
      Object p95 = page.evaluate("() => Chart.getChart(document.getElementById('chart-group-latency')).data.datasets[1].data"
          + ".filter(v => v !== null).length");
      assertThat(((Number) p95).intValue()).isPositive();
      assertThat(page.locator("#traffic-group-status tbody tr").allTextContents()).containsExactly("2004", "5032");
      shot(page, "traffic-one-service");
      page.locator("#traffic-group-pick").selectOption("blog");
      page.waitForFunction(SUMS.formatted("chart-group-requests") + " === '4xx and 5xx=0,5xx=0,requests=2'");

      // per consumer: a consumer's calls through key-auth, grouped by consumer
      node.create("/consumers", "{\"username\":\"alice\"}");
      node.create("/consumers/alice/key-auth", "{\"key\":\"alice-key\"}");
      String vip = node.serviceAndRoute("vip", "/vip");
      node.create("/routes/" + vip + "/plugins", "{\"name\":\"key-auth\"}");
      node.awaitStatus(401, "/vip");
      for (int i = 0; i < 3; i++) {
        assertThat(node.get("/vip", "apikey", "alice-key").statusCode()).isEqualTo(200);
      }
      Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
          node.admin.get("/analytics/aggregates?consumer=alice").json().path("data").path(0).path("requests").asInt() >= 3);
      page.locator("#traffic-by").selectOption("consumer");
      page.waitForFunction("() => document.getElementById('traffic-group-pick')?.value === 'alice' && "
          + SUMS.formatted("chart-group-status") + " === '200=3'");
      // calls without a consumer (the key-less 401s among them) are their own group
      assertThat(page.evaluate("() => (" + SUMS.formatted("chart-requests") + ")")).asString().startsWith("(none)=").endsWith(",alice=3");
      shot(page, "traffic-one-consumer");

      page.setViewportSize(390, 844);
      shot(page, "traffic-phone");
    }
  }

  @Test
  void without_analytics_the_traffic_screen_charts_the_prometheus_metrics_live() throws Exception {
    try (WholeNode node = new WholeNode(dir, Map.of("admin_gui_listen", "127.0.0.1:0", "analytics", "off"))) {
      node.create("/plugins", "{\"name\":\"prometheus\",\"config\":{\"status_code_metrics\":true,\"latency_metrics\":true}}");
      node.serviceAndRoute("shop", "/shop");
      node.serviceAndRoute("blog", "/blog");
      node.awaitStatus(200, "/shop");
      node.awaitStatus(200, "/blog");

      Page page = ManagerPages.page(chromium);
      page.setViewportSize(1280, 800);
      page.navigate(guiUrl(node) + "#/traffic");
      assertThat(page.locator("#traffic-source").textContent()).contains("Live");
      page.getByText("No calls since this screen opened.").waitFor(); // the first scrape, the baseline, is in
      for (int i = 0; i < 3; i++) {
        assertThat(node.get("/shop").statusCode()).isEqualTo(200);
      }
      assertThat(node.get("/shop/status/503").statusCode()).isEqualTo(503);
      assertThat(node.get("/blog").statusCode()).isEqualTo(200);
      assertThat(node.get("/blog").statusCode()).isEqualTo(200);
      // the next scrapes (every 5 s) carry the calls made since the baseline
      // Chart.js loads lazily with the first data, so it may not be defined yet
      page.waitForFunction("() => { const c = window.Chart && Chart.getChart(document.getElementById('chart-requests'));"
          + " return c && c.data.datasets.map(d => d.label + '=' + d.data.reduce((a, b) => a + b, 0)).sort().join(',')"
          + " === 'blog=2,shop=4'; }", null, new Page.WaitForFunctionOptions().setTimeout(60_000));
      var shop = page.locator("#traffic-totals tr").filter(new com.microsoft.playwright.Locator.FilterOptions()
          .setHasText("shop")).locator("td").allTextContents();
      assertThat(shop.subList(0, 4)).containsExactly("shop", "4", "1", "1");
      Object p50 = page.evaluate("() => Chart.getChart(document.getElementById('chart-latency')).data.datasets[0].data"
          + ".filter(v => v !== null).length");
      assertThat(((Number) p50).intValue()).isPositive();
      shot(page, "traffic-live-metrics");
      // one group from the same scrapes: blog (first by name), then shop with its status breakdown
      page.waitForFunction(SUMS.formatted("chart-group-status") + " === '200=2'", null,
          new Page.WaitForFunctionOptions().setTimeout(30_000));
      page.locator("#traffic-group-pick").selectOption("shop");
      page.waitForFunction(SUMS.formatted("chart-group-status") + " === '200=3,503=1'", null,
          new Page.WaitForFunctionOptions().setTimeout(30_000));
      assertThat(page.evaluate("() => (" + SUMS.formatted("chart-group-requests") + ")"))
          .isEqualTo("4xx and 5xx=1,5xx=1,requests=4");
      page.close(); // stops the scrapes before the node goes
    }
  }
}
