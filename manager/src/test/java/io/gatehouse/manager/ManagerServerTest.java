package io.gatehouse.manager;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Manager's listener on port 0: kconfig.js with Kong's and Kong Enterprise's RBAC variables, every UI file. */
class ManagerServerTest {
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(ManagerServer server, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void kconfig_tells_the_ui_whether_rbac_is_enforced_and_in_which_header() throws Exception {
    try (ManagerServer server = ManagerServer.start("127.0.0.1", 0, "/",
        () -> new ManagerConfig("/", null, 8001, null, false, "both", "X-Admin-'Token"), null)) {
      String js = get(server, "/kconfig.js").body();
      assertThat(js).contains("'RBAC': 'both'", "'RBAC_ENFORCED': 'true'", "'RBAC_HEADER': 'X-Admin-\\'Token'",
          "'ADMIN_API_PORT': '8001'");
    }
    try (ManagerServer server = ManagerServer.start("127.0.0.1", 0, "/",
        () -> new ManagerConfig("/", null, 8001, null, false, "off", "Kong-Admin-Token"), null)) {
      assertThat(get(server, "/kconfig.js").body()).contains("'RBAC': 'off'", "'RBAC_ENFORCED': 'false'",
          "'ADMIN_GUI_AUTH': ''");
    }
    // admin_gui_auth = basic-auth: the UI asks for user and password
    try (ManagerServer server = ManagerServer.start("127.0.0.1", 0, "/",
        () -> new ManagerConfig("/", null, 8001, null, false, "on", "Kong-Admin-Token", "basic-auth"), null)) {
      assertThat(get(server, "/kconfig.js").body()).contains("'ADMIN_GUI_AUTH': 'basic-auth'");
    }
  }

  @Test
  void every_module_the_ui_imports_and_chart_js_are_served() throws Exception {
    try (ManagerServer server = ManagerServer.start("127.0.0.1", 0, "/manager",
        () -> new ManagerConfig("/manager", null, 8001, null, false, "off", "Kong-Admin-Token"), null)) {
      for (String f : List.of("app.js", "api.js", "rbac-screens.js", "audit-screen.js", "yaml-screen.js", "line-diff.js", "entity-diff.js",
          "traffic-screen.js", "traffic-group.js", "live-metrics.js", "workspaces.js", "features.js", "portal-products.js", "portal-access.js",
          "calls-screen.js", "offset-pages.js", "vue.js")) {
        HttpResponse<String> r = get(server, "/manager/assets/" + f);
        assertThat(r.statusCode()).as(f).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).as(f).hasValue("text/javascript; charset=utf-8");
      }
      HttpResponse<String> chart = get(server, "/manager/assets/chart.js");
      assertThat(chart.statusCode()).isEqualTo(200);
      assertThat(chart.body()).contains("Chart.js v4.4.1");
    }
  }
}
