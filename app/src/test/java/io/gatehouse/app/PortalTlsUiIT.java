package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Cookie;
import io.gatehouse.admin.http.AdminHttpServer;
import io.gatehouse.testsupport.HeadlessChromium;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The portal over HTTPS, as Kong Enterprise's {@code portal_gui_listen = … 8446 ssl} and
 * {@code portal_api_listen = … 8447 ssl}: with no certificate set the node generates its own pair;
 * a page loaded over HTTPS calls the API's TLS listener (not its plain one), and the session cookie
 * it gets is {@code Secure}.
 */
class PortalTlsUiIT {
  @TempDir Path dir;

  @Test
  void a_developer_signs_up_and_logs_in_over_https_with_a_secure_cookie() throws Exception {
    Map<String, String> conf = PortalIT.portalSettings(StoreKind.SQLITE);
    conf.put("portal_auto_approve", "on");
    conf.put("portal_gui_listen", "127.0.0.1:0 ssl");
    conf.put("portal_api_listen", "127.0.0.1:0, 127.0.0.1:0 ssl");
    try (WholeNode n = new WholeNode(dir, conf);
        HeadlessChromium browser = HeadlessChromium.builder().acceptAnyCertificate().launch()) {
      int guiPort = port(n, "portal GUI 127.0.0.1:0 ssl");
      int apiTlsPort = port(n, "portal API 127.0.0.1:0 ssl");
      int apiPlainPort = port(n, "portal API 127.0.0.1:0");
      assertThat(apiTlsPort).isNotEqualTo(apiPlainPort);

      // the listener speaks TLS only: plain HTTP gets no answer
      HttpClient plain = HttpClient.newHttpClient();
      assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + guiPort + "/")).build(),
          HttpResponse.BodyHandlers.ofString())).isInstanceOf(java.io.IOException.class);

      Page page = ManagerPages.page(browser);
      List<String> apiCalls = new java.util.concurrent.CopyOnWriteArrayList<>();
      page.onRequest(r -> { if (r.url().contains("/register") || r.url().contains("/login")) apiCalls.add(r.url()); });
      page.navigate("https://127.0.0.1:" + guiPort + "/");
      ManagerPages.portalSignUpAndLogIn(page, "tess@example.com");

      assertThat(apiCalls).isNotEmpty().allSatisfy(u -> assertThat(u).startsWith("https://127.0.0.1:" + apiTlsPort + "/"));
      List<Cookie> cookies = browser.context().cookies("https://127.0.0.1:" + apiTlsPort + "/");
      assertThat(cookies).isNotEmpty().allSatisfy(c -> assertThat(c.secure).as(c.name).isTrue());
    }
  }

  private static int port(WholeNode n, String component) {
    return n.node.component(component, AdminHttpServer.class).orElseThrow().address().getPort();
  }
}
