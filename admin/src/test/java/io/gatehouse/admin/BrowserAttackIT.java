package io.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.sun.net.httpserver.HttpServer;
import io.gatehouse.admin.testing.TestAdmin;
import io.gatehouse.testsupport.HeadlessChromium;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The browser check of issue 17: real headless Chromium loads a page from a foreign origin (a tiny
 * HTTP server of this test, reached as {@code evil.test}) whose script tries every way a page can
 * write to the Admin API on 127.0.0.1 — a JSON fetch (preflighted), a {@code no-cors} form-encoded
 * fetch (no preflight), an auto-submitted HTML form — and a DNS-rebinding page (the Admin API's own
 * port under a foreign name). None may change the configuration. The same page served from the
 * allowed origin ({@code admin_gui_url}, here {@code manager.test}) can write and read the answer.
 */
class BrowserAttackIT {
  static HttpServer pages;
  static TestAdmin gw;
  static HeadlessChromium chromium;

  /** Tries three writes to {@code admin} and reports what the page could see in {@code window.report}. */
  static final String PAGE = """
      <!doctype html><html><body>
      <iframe name="sink" style="display:none"></iframe>
      <form id="f" method="POST" target="sink"><input name="name"><input name="host" value="form.test"></form>
      <script>
      const admin = new URLSearchParams(location.search).get('admin');
      const tag = new URLSearchParams(location.search).get('tag');
      window.report = {};
      (async () => {
        try {
          const r = await fetch(admin + '/services', {method: 'POST', headers: {'Content-Type': 'application/json'},
              body: JSON.stringify({name: tag + '-json', host: 'json.test'})});
          window.report.json = r.status;
        } catch (e) { window.report.json = 'blocked'; }
        try {
          await fetch(admin + '/services', {method: 'POST', mode: 'no-cors',
              headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: 'name=' + tag + '-nocors&host=nocors.test'});
          window.report.nocors = 'sent';
        } catch (e) { window.report.nocors = 'blocked'; }
        const sink = document.querySelector('iframe');
        const loaded = new Promise(resolve => sink.onload = resolve);
        const f = document.getElementById('f');
        f.action = admin + '/services';
        f.elements.name.value = tag + '-form';
        f.submit();
        await Promise.race([loaded, new Promise(resolve => setTimeout(resolve, 5000))]);
        window.report.form = 'submitted';
        window.report.done = true;
      })();
      </script></body></html>
      """;

  @BeforeAll
  static void start() throws Exception {
    pages = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    pages.createContext("/", exchange -> {
      byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    pages.start();
    gw = new TestAdmin(b -> b.allowedOrigins(List.of("http://manager.test:" + pages.getAddress().getPort() + "/manager")));
    chromium = HeadlessChromium.builder().mapHost("evil.test").mapHost("manager.test").mapHost("rebind.test").launch();
  }

  @AfterAll
  static void stop() {
    if (chromium != null) {
      chromium.close();
    }
    if (gw != null) {
      gw.close();
    }
    pages.stop(0);
  }

  static String admin() {
    return "http://127.0.0.1:" + gw.admin.address().getPort();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> visit(String host, String tag) {
    Page page = chromium.newPage();
    try {
      page.navigate("http://" + host + ":" + pages.getAddress().getPort() + "/?tag=" + tag + "&admin=" + admin());
      page.waitForFunction("() => window.report && window.report.done === true", null,
          new Page.WaitForFunctionOptions().setTimeout(30_000));
      return (Map<String, Object>) page.evaluate("() => window.report");
    } finally {
      page.close();
    }
  }

  @Test
  void a_foreign_page_cannot_write_by_any_means() {
    long before = gw.store.version();
    Map<String, Object> report = visit("evil.test", "evil");
    assertThat(report).containsEntry("json", "blocked").containsEntry("form", "submitted");
    assertThat(gw.store.version()).as("config unchanged after " + report).isEqualTo(before);
    for (String name : List.of("evil-json", "evil-nocors", "evil-form")) {
      assertThat(gw.client.get("/services/" + name).status()).as(name).isEqualTo(404);
    }
  }

  @Test
  void the_admin_gui_origin_can_write_and_read() {
    Map<String, Object> report = visit("manager.test", "manager");
    assertThat(report).as("the preflighted JSON write is readable").containsEntry("json", 201);
    assertThat(gw.client.get("/services/manager-json").status()).isEqualTo(200);
    assertThat(gw.client.get("/services/manager-nocors").status()).isEqualTo(200);
    assertThat(gw.client.get("/services/manager-form").status()).isEqualTo(200);
  }

  @Test
  void a_rebound_name_for_the_admin_port_is_refused() { // DNS rebinding: the page is same-origin with "the Admin API"
    long before = gw.store.version();
    Page page = chromium.newPage();
    try {
      var nav = page.navigate("http://rebind.test:" + gw.admin.address().getPort() + "/");
      assertThat(nav.status()).isEqualTo(403);
      Object status = page.evaluate("""
          async () => (await fetch('/services', {method: 'POST', headers: {'Content-Type': 'application/json'},
              body: JSON.stringify({name: 'rebound', host: 'r.test'})})).status
          """);
      assertThat(status).isEqualTo(403);
    } finally {
      page.close();
    }
    assertThat(gw.store.version()).isEqualTo(before);
    assertThat(gw.client.get("/services/rebound").status()).isEqualTo(404);
  }
}
