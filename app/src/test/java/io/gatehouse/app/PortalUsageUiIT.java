package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.gatehouse.admin.http.AdminHttpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The portal page's Usage view in real headless Chromium: after calls through the proxy with the
 * application's key, the page lists those calls (and not another developer's) and the chart
 * (Chart.js, served by the portal) holds the hour's request count.
 */
class PortalUsageUiIT extends BrowserTest {
  @TempDir Path dir;

  @Test
  void the_usage_view_shows_the_developers_calls_and_chart() throws Exception {
    Map<String, String> conf = PortalIT.portalSettings(StoreKind.SQLITE);
    conf.put("portal_auto_approve", "on");
    conf.put("analytics", "on");
    try (WholeNode n = new WholeNode(dir, conf)) {
      PortalUsageIT.publishQuotes(n);
      PortalUsageIT.Dev ada = PortalUsageIT.developer(n, "ada@example.com", "ada-app");
      PortalUsageIT.Dev bob = PortalUsageIT.developer(n, "bob@example.com", "bob-app");
      n.awaitStatus(200, "/quotes/ready", "apikey", ada.key());
      n.awaitStatus(200, "/quotes/ready", "apikey", bob.key());
      for (int i = 0; i < 4; i++) assertThat(n.get("/quotes/ada-" + i, "apikey", ada.key()).statusCode()).isEqualTo(200);
      assertThat(n.get("/quotes/bob-0", "apikey", bob.key()).statusCode()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        assertThat(PortalUsageIT.paths(PortalUsageIT.calls(ada, ""))).contains("/quotes/ada-3");
        assertThat(PortalUsageIT.paths(PortalUsageIT.calls(bob, ""))).contains("/quotes/bob-0");
      });
      int total = PortalUsageIT.calls(ada, "").size(); // the four and the readiness probes

      int guiPort = n.node.component("portal GUI 127.0.0.1:0", AdminHttpServer.class).orElseThrow().address().getPort();
      Page page = ManagerPages.page(chromium); // console errors and failed requests reach the test's output
      page.navigate("http://127.0.0.1:" + guiPort + "/");
      page.locator("#email").fill("ada@example.com");
      page.locator("#password").fill("a long password");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
      page.getByText("Logged in as ada@example.com").waitFor();
      page.locator("#usage-app option[value='" + ada.appId() + "']").waitFor(new com.microsoft.playwright.Locator.WaitForOptions()
          .setState(com.microsoft.playwright.options.WaitForSelectorState.ATTACHED));

      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show usage")).click();
      page.locator("#usage-calls tr.call").first().waitFor();
      List<String> paths = page.locator("#usage-calls tr.call td:nth-child(3)").allTextContents();
      assertThat(paths).hasSize(total).contains("/quotes/ada-0", "/quotes/ada-1", "/quotes/ada-2", "/quotes/ada-3")
          .noneMatch(p -> p.startsWith("/quotes/bob"));
      assertThat(page.locator("#usage-weeks").textContent()).contains("This week: ").contains(" requests");

      // the chart is drawn by Chart.js from /usage: its request series sums to the calls listed
      Object sum = page.evaluate("() => usageChart.data.datasets[0].data.reduce((a, b) => a + b, 0)");
      assertThat(((Number) sum).intValue()).isEqualTo(total);
      assertThat(page.evaluate("() => usageChart.data.datasets.map(d => d.label)"))
          .isEqualTo(List.of("requests", "errors", "p95 latency (ms)"));
      assertThat(page.evaluate("() => typeof Chart === 'function' && usageChart.canvas.width > 0")).isEqualTo(true);
      page.screenshot(new Page.ScreenshotOptions().setPath(PortalUiIT.SHOTS.resolve("usage.png")).setFullPage(true));
    }
  }
}
