package io.gatehouse.app;

import static io.gatehouse.app.ManagerPages.awaitHeading;
import static io.gatehouse.app.ManagerPages.clickButton;
import static io.gatehouse.app.ManagerPages.clickLink;
import static io.gatehouse.app.ManagerPages.guiUrl;
import static io.gatehouse.app.ManagerPages.shot;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.options.AriaRole;
import io.gatehouse.admin.testing.AdminClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Manager with {@code enforce_rbac = on} in headless Chromium: the token login (in the header
 * {@code admin_gui_auth_header} names), a read-only session that shows no write buttons and sees the
 * Admin API's 403 when it writes anyway, then, as the super admin, the RBAC users and roles screens,
 * the audit log and the workspace switcher — each checked against the Admin API.
 */
class ManagerRbacUiIT extends BrowserTest {
  static final String ADMIN_TOKEN = "bootstrap-ui-token-1";
  static final String HEADER = "X-Admin-Token";
  @TempDir Path dir;

  /** By keyboard: the token field, Enter submits; the header then names the token's user (GET /userinfo). */
  static void logIn(Page page, String token, String user) {
    awaitHeading(page, "Log in");
    assertThat(page.locator("#user").count()).as("no user name field: /userinfo names the user").isZero();
    page.locator("#token").focus();
    page.keyboard().type(token);
    page.keyboard().press("Enter");
    page.getByText("Configuration hash").waitFor();
    page.locator(".who").getByText(user).waitFor();
  }

  @Test
  void a_read_only_token_cannot_write_and_the_super_admin_manages_users_roles_audit_and_workspaces() throws Exception {
    try (WholeNode node = new WholeNode(dir, Map.of("admin_gui_listen", "127.0.0.1:0", "enforce_rbac", "on",
        "password", ADMIN_TOKEN, "admin_gui_auth_header", HEADER, "audit_log", "on"))) {
      AdminClient admin = node.admin.withHeader(HEADER, ADMIN_TOKEN);
      assertThat(admin.post("/rbac/users", "{\"name\":\"viewer\",\"user_token\":\"viewer-token-1\"}").status()).isEqualTo(201);
      assertThat(admin.post("/rbac/users/viewer/roles", "{\"roles\":\"read-only\"}").status()).isEqualTo(201);
      assertThat(admin.post("/services", "{\"name\":\"seed-svc\",\"host\":\"seed.test\"}").status()).isEqualTo(201);
      assertThat(admin.post("/workspaces", "{\"name\":\"team-a\"}").status()).isEqualTo(201);

      Page page = ManagerPages.page(chromium);
      page.setViewportSize(1280, 800);
      page.navigate(guiUrl(node));
      awaitHeading(page, "Log in"); // enforced RBAC: straight to the login
      assertThat(page.textContent(".login")).contains(HEADER);
      shot(page, "login");

      // a wrong token is refused on the login screen
      page.locator("#token").fill("not-a-token");
      clickButton(page, "Log in");
      assertThat(page.getByRole(AriaRole.ALERT).textContent()).contains("refused this token");
      page.locator("#token").fill("");

      logIn(page, "viewer-token-1", "viewer");
      assertThat(page.locator(".who").textContent()).contains("viewer").contains("read-only");
      clickLink(page, "Services");
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("seed-svc")).waitFor();
      assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New services")).count()).isZero();
      shot(page, "read-only-services");
      clickLink(page, "seed-svc");
      page.locator("dl.props").waitFor();
      assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete")).count()).isZero();
      assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Edit")).count()).isZero();

      // the create form reached by its URL: the write is sent, and the Admin API's 403 is shown
      page.navigate(guiUrl(node) + "#/e/services/new");
      page.locator("#f-name").fill("sneaky");
      page.locator("#f-host").fill("sneaky.test");
      clickButton(page, "Create");
      Locator refusal = page.locator(".entity-form .error");
      refusal.waitFor();
      assertThat(refusal.textContent()).contains("403").contains("viewer, you do not have permissions to create");
      shot(page, "read-only-refused");
      assertThat(admin.get("/services").json().path("data").findValuesAsText("name")).containsExactly("seed-svc");

      clickButton(page, "Log out");
      logIn(page, ADMIN_TOKEN, "kong_admin");
      clickLink(page, "Services");
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New services")).waitFor();

      // RBAC users: create one (its token is shown once), then give it a role
      clickLink(page, "RBAC users");
      awaitHeading(page, "RBAC users");
      page.locator("#user-name").fill("ops");
      page.locator("#user-token").fill("ops-token-1");
      clickButton(page, "Create user");
      assertThat(page.locator(".notice").textContent()).contains("ops-token-1");
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("ops").setExact(true)).waitFor();
      shot(page, "rbac-users");
      clickLink(page, "ops");
      awaitHeading(page, "RBAC user ops");
      page.locator("#assign-role").selectOption("admin");
      clickButton(page, "Assign role");
      page.locator(".roles").getByText("admin", new Locator.GetByTextOptions().setExact(true)).waitFor();
      shot(page, "rbac-user-roles");
      assertThat(admin.get("/rbac/users/ops/roles").json().path("roles").findValuesAsText("name")).contains("admin");

      // RBAC roles: create one and give it an endpoint permission
      clickLink(page, "RBAC roles");
      awaitHeading(page, "RBAC roles");
      page.locator("#role-name").fill("auditors");
      clickButton(page, "Create role");
      clickLink(page, "auditors");
      awaitHeading(page, "RBAC role auditors");
      page.locator("#perm-endpoint").fill("/audit/*");
      clickButton(page, "Add permission");
      page.locator("td.mono").getByText("/audit/*").waitFor();
      shot(page, "rbac-role");
      var perms = admin.get("/rbac/roles/auditors/endpoints").json().path("data");
      assertThat(perms.findValuesAsText("endpoint")).containsExactly("/audit/*");
      assertThat(perms.get(0).path("actions").toString()).isEqualTo("[\"read\"]");
      page.onDialog(d -> d.accept()); // the delete confirmations
      clickButton(page, "Remove permission /audit/*");
      page.getByText("No endpoint permissions.").waitFor();
      assertThat(admin.get("/rbac/roles/auditors/endpoints").json().path("data")).isEmpty();
      clickButton(page, "Delete role");
      awaitHeading(page, "RBAC roles");
      assertThat(admin.get("/rbac/roles/auditors").status()).isEqualTo(404);

      // the audit log: the viewer's refused write and the admin's writes
      clickLink(page, "Audit log");
      awaitHeading(page, "Audit log");
      Locator refused = page.locator("tr.refused").filter(new Locator.FilterOptions().setHasText("viewer"));
      refused.first().waitFor();
      assertThat(refused.first().textContent()).contains("POST").contains("/services").contains("403");
      assertThat(page.locator("tbody").textContent()).contains("/rbac/users/ops/roles").contains("kong_admin");
      shot(page, "audit-log");

      // the workspace switcher: team-a's roles are created under /team-a
      clickLink(page, "RBAC roles");
      awaitHeading(page, "RBAC roles");
      page.locator("#workspace").selectOption("team-a");
      page.getByText("in workspace team-a").waitFor();
      page.locator("#role-name").fill("team-a-ops");
      Request post = page.waitForRequest(r -> r.method().equals("POST") && r.url().contains("/rbac/roles"),
          () -> clickButton(page, "Create role"));
      assertThat(post.url()).endsWith("/team-a/rbac/roles");
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("team-a-ops")).waitFor();
      shot(page, "workspace-team-a-roles");
      assertThat(admin.get("/team-a/rbac/roles").json().path("data").findValuesAsText("name")).contains("team-a-ops");
      assertThat(admin.get("/rbac/roles").json().path("data").findValuesAsText("name")).doesNotContain("team-a-ops");

      // a user is deleted from its screen
      clickLink(page, "RBAC users");
      clickLink(page, "ops");
      awaitHeading(page, "RBAC user ops");
      clickButton(page, "Delete user");
      awaitHeading(page, "RBAC users");
      assertThat(admin.get("/rbac/users/ops").status()).isEqualTo(404);
    }
  }
}
