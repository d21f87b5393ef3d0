package io.gatehouse.app;

import static io.gatehouse.app.ManagerPages.awaitHeading;
import static io.gatehouse.app.ManagerPages.clickLink;
import static io.gatehouse.app.ManagerPages.guiUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.gatehouse.admin.testing.AdminClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Manager's portal screens follow the workspace chosen in its switcher: team A's API products
 * and developers, not the default workspace's.
 */
class PortalWorkspacesUiIT extends BrowserTest {
  @TempDir Path dir;

  @Test
  void the_managers_portal_screens_show_the_chosen_workspaces_portal() throws Exception {
    Map<String, String> conf = PortalIT.portalSettings(StoreKind.SQLITE);
    conf.put("admin_gui_listen", "127.0.0.1:0");
    try (WholeNode n = new WholeNode(dir, conf)) {
      n.serviceAndRoute("home", "/home");
      assertThat(n.admin.post("/portal/products", "{\"name\":\"Home\",\"service_ids\":[\"home\"]}").status()).isEqualTo(201);
      assertThat(n.admin.post("/workspaces", "{\"name\":\"team-a\",\"config\":{\"portal\":true}}").status()).isEqualTo(201);
      assertThat(n.admin.post("/team-a/services", "{\"name\":\"alpha\",\"url\":\"" + n.upstream.url("/") + "\"}").status())
          .isEqualTo(201);
      AdminClient.Resp alpha = n.admin.post("/team-a/portal/products", "{\"name\":\"Alpha\",\"service_ids\":[\"alpha\"]}");
      assertThat(alpha.status()).as(alpha.toString()).isEqualTo(201);

      Page manager = ManagerPages.page(chromium);
      manager.setViewportSize(1280, 800);
      manager.navigate(guiUrl(n));
      clickLink(manager, "API products");
      awaitHeading(manager, "API products");
      manager.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Home")).waitFor();

      manager.locator("select#workspace").selectOption("team-a");
      manager.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Alpha")).waitFor();
      assertThat(manager.locator("main").textContent()).doesNotContain("Home");
      clickLink(manager, "Alpha");
      awaitHeading(manager, "API product Alpha");
    }
  }
}
