package io.gatehouse.app;

import static io.gatehouse.app.ManagerPages.awaitHeading;
import static io.gatehouse.app.ManagerPages.clickButton;
import static io.gatehouse.app.ManagerPages.clickLink;
import static io.gatehouse.app.ManagerPages.guiUrl;
import static io.gatehouse.app.ManagerPages.shot;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.gatehouse.admin.testing.AdminClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19's "team A cannot see team B's services", in headless Chromium with {@code enforce_rbac = on}:
 * team A's user works in team-a only — the switcher offers team-a alone (from GET /userinfo, though
 * the token may not list /workspaces) and opens it, its services list, its create form landing in
 * team-a — and team-b's services answer the Admin API's 403.
 */
class ManagerWorkspacesUiIT extends BrowserTest {
  static final String ADMIN_TOKEN = "bootstrap-ws-token-1";
  static final String HEADER = "X-Admin-Token";
  @TempDir Path dir;

  static void team(AdminClient admin, String ws, String user) {
    assertThat(admin.post("/workspaces", "{\"name\":\"" + ws + "\"}").status()).isEqualTo(201);
    assertThat(admin.post("/" + ws + "/services", "{\"name\":\"" + ws + "-svc\",\"host\":\"" + ws + ".test\"}").status()).isEqualTo(201);
    assertThat(admin.post("/" + ws + "/rbac/roles", "{\"name\":\"" + ws + "-admin\"}").status()).isEqualTo(201);
    assertThat(admin.post("/" + ws + "/rbac/roles/" + ws + "-admin/endpoints",
        "{\"endpoint\":\"*\",\"actions\":\"read,create,update,delete\"}").status()).isEqualTo(201);
    assertThat(admin.post("/rbac/users", "{\"name\":\"" + user + "\",\"user_token\":\"" + user + "-token-1\"}").status()).isEqualTo(201);
    assertThat(admin.post("/" + ws + "/rbac/users/" + user + "/roles", "{\"roles\":\"" + ws + "-admin\"}").status()).isEqualTo(201);
  }

  @Test
  void team_a_sees_and_creates_in_team_a_only() throws Exception {
    try (WholeNode node = new WholeNode(dir, Map.of("admin_gui_listen", "127.0.0.1:0", "enforce_rbac", "on",
        "password", ADMIN_TOKEN, "admin_gui_auth_header", HEADER))) {
      AdminClient admin = node.admin.withHeader(HEADER, ADMIN_TOKEN);
      team(admin, "team-a", "alice");
      team(admin, "team-b", "bob");
      assertThat(admin.post("/services", "{\"name\":\"default-svc\",\"host\":\"default.test\"}").status()).isEqualTo(201);
      // what the switcher can know: team A's token may not list the workspaces
      AdminClient alice = node.admin.withHeader(HEADER, "alice-token-1");
      assertThat(alice.get("/workspaces").status()).isEqualTo(403);
      assertThat(alice.get("/team-b/services").status()).isEqualTo(403);

      Page page = ManagerPages.page(chromium);
      page.setViewportSize(1280, 800);
      page.navigate(guiUrl(node));
      awaitHeading(page, "Log in");
      page.locator("#token").fill("alice-token-1");
      clickButton(page, "Log in"); // GET / answers 403 (no rights in default): /userinfo still knows the token
      page.locator(".who").getByText("alice").waitFor();
      // the switcher lists the workspaces alice has rights in (GET /userinfo), and opens the only one
      page.locator("select#workspace").waitFor();
      assertThat(page.locator("select#workspace option").allTextContents()).containsExactly("team-a");
      assertThat(page.locator("select#workspace").inputValue()).isEqualTo("team-a");
      clickLink(page, "Services");
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("team-a-svc")).waitFor();
      assertThat(page.locator("main").textContent()).doesNotContain("team-b-svc").doesNotContain("default-svc");
      shot(page, "workspace-team-a-services");

      // detail under the prefix
      clickLink(page, "team-a-svc");
      page.locator("dl.props").waitFor();
      assertThat(page.locator("dl.props").textContent()).contains("team-a.test");

      // create through the UI: lands in team-a, not in default
      page.navigate(guiUrl(node) + "#/e/services/new");
      page.locator("#f-name").fill("made-in-ui");
      page.locator("#f-host").fill("made.test");
      clickButton(page, "Create");
      page.locator("dl.props").waitFor();
      assertThat(admin.get("/team-a/services/made-in-ui").status()).isEqualTo(200);
      assertThat(admin.get("/services/made-in-ui").status()).isEqualTo(404);
      assertThat(admin.get("/team-b/services/made-in-ui").status()).isEqualTo(404);

      // team-b is never offered, and the Admin API refuses it to alice's token anyway
      assertThat(page.locator("header").textContent()).doesNotContain("team-b");
      assertThat(alice.get("/team-b/services").status()).isEqualTo(403);
    }
  }
}
