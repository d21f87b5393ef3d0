package io.gatehouse.app;

import static io.gatehouse.app.ManagerPages.awaitHeading;
import static io.gatehouse.app.ManagerPages.clickButton;
import static io.gatehouse.app.ManagerPages.clickLink;
import static io.gatehouse.app.ManagerPages.guiUrl;
import static io.gatehouse.app.ManagerPages.shot;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;
import com.microsoft.playwright.options.WaitForSelectorState;
import io.gatehouse.admin.testing.AdminClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Manager with {@code enforce_rbac = both} in headless Chromium: a user whose entity permission
 * names one service sees Edit and Delete on that service only; then the super admin, in the UI,
 * grants it a second service (the Admin API then lets it write there), edits an endpoint
 * permission and a role's comment, and disables the user with a new token (shown once): the old
 * token and the new one stop working, and the new one works once the user is enabled again.
 */
class ManagerRbacEditUiIT extends BrowserTest {
  static final String ADMIN_TOKEN = "bootstrap-edit-token-1";
  static final String ED_TOKEN = "ed-token-1";
  @TempDir Path dir;

  static Locator button(Page page, String name) {
    return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
  }

  /** Opens a service's page from the list, waiting for its properties. */
  static void openService(Page page, String name) {
    clickLink(page, "Services");
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name).setExact(true)).click();
    page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("services " + name)).waitFor();
    page.locator("dl.props").waitFor();
  }

  @Test
  void entity_permissions_steer_the_buttons_and_rbac_is_edited_in_the_ui() throws Exception {
    try (WholeNode node = new WholeNode(dir, Map.of("admin_gui_listen", "127.0.0.1:0", "enforce_rbac", "both",
        "password", ADMIN_TOKEN))) {
      AdminClient admin = node.admin.withHeader("Kong-Admin-Token", ADMIN_TOKEN);
      String svcA = admin.post("/services", "{\"name\":\"svc-a\",\"host\":\"a.test\"}").json().path("id").asText();
      String svcB = admin.post("/services", "{\"name\":\"svc-b\",\"host\":\"b.test\"}").json().path("id").asText();
      assertThat(admin.post("/rbac/users", "{\"name\":\"ed\",\"user_token\":\"" + ED_TOKEN + "\"}").status()).isEqualTo(201);
      assertThat(admin.post("/rbac/roles", "{\"name\":\"editors\"}").status()).isEqualTo(201);
      assertThat(admin.post("/rbac/roles/editors/endpoints", "{\"workspace\":\"default\",\"endpoint\":\"*\"}").status())
          .isEqualTo(201);
      assertThat(admin.post("/rbac/roles/editors/entities", "{\"entity_id\":\"*\",\"actions\":\"read\"}").status()).isEqualTo(201);
      assertThat(admin.post("/rbac/roles/editors/entities", "{\"entity_id\":\"" + svcA + "\",\"actions\":\"read,update,delete\"}")
          .status()).isEqualTo(201);
      assertThat(admin.post("/rbac/users/ed/roles", "{\"roles\":\"editors\"}").status()).isEqualTo(201);
      AdminClient ed = node.admin.withHeader("Kong-Admin-Token", ED_TOKEN);
      assertThat(ed.json("PATCH", "/services/svc-b", "{\"retries\":3}").status()).as("no entity permission yet").isEqualTo(403);

      Page page = ManagerPages.page(chromium);
      page.setViewportSize(1280, 900);
      page.navigate(guiUrl(node));
      ManagerRbacUiIT.logIn(page, ED_TOKEN, "ed");
      openService(page, "svc-a");
      button(page, "Edit").waitFor();
      assertThat(button(page, "Delete").count()).isEqualTo(1);
      shot(page, "entity-permission-editable");
      openService(page, "svc-b");
      assertThat(button(page, "Edit").count()).as("svc-b: the entity permission allows read only").isZero();
      assertThat(button(page, "Delete").count()).isZero();
      shot(page, "entity-permission-read-only");
      clickButton(page, "Log out");

      ManagerRbacUiIT.logIn(page, ADMIN_TOKEN, "kong_admin");
      clickLink(page, "RBAC roles");
      clickLink(page, "editors");
      awaitHeading(page, "RBAC role editors");
      page.locator("tr[data-entity='" + svcA + "']").waitFor();

      // an entity permission picked by type and name
      page.locator("#entity-kind").selectOption("services");
      page.locator("#entity-pick option", new Page.LocatorOptions().setHasText("svc-b")).waitFor(
          new Locator.WaitForOptions().setState(WaitForSelectorState.ATTACHED));
      page.locator("#entity-pick").selectOption(new SelectOption().setLabel("svc-b"));
      assertThat(page.locator("#entity-id").inputValue()).isEqualTo(svcB);
      page.locator("#entity-update").check();
      clickButton(page, "Add entity permission");
      Locator row = page.locator("tr[data-entity='" + svcB + "']");
      row.waitFor();
      assertThat(row.textContent()).contains("services").contains("read, update");
      shot(page, "rbac-role-entity-permissions");
      assertThat(ed.json("PATCH", "/services/svc-b", "{\"retries\":3}").status()).as("granted in the UI").isEqualTo(200);
      assertThat(ed.delete("/services/svc-b").status()).as("update only, no delete").isEqualTo(403);

      // remove svc-a's entity permission: ed loses its writes there
      clickButton(page, "Remove entity permission " + svcA);
      page.locator("tr[data-entity='" + svcA + "']").waitFor(
          new Locator.WaitForOptions().setState(WaitForSelectorState.DETACHED));
      assertThat(ed.json("PATCH", "/services/svc-a", "{\"retries\":4}").status()).isEqualTo(403);

      // an endpoint permission edited in place: no delete any more
      clickButton(page, "Edit permission *");
      page.locator("#change-delete").uncheck();
      clickButton(page, "Save");
      page.locator("tr[data-endpoint='*']").getByText("read, create, update").waitFor();
      var endpoint = admin.get("/rbac/roles/editors/endpoints/default/*").json();
      assertThat(StreamSupport.stream(endpoint.path("actions").spliterator(), false).map(n -> n.asText()))
          .containsExactlyInAnyOrder("read", "create", "update");
      assertThat(endpoint.path("negative").asBoolean()).isFalse();

      // the role's comment
      clickButton(page, "Edit comment");
      page.locator("#role-comment-edit").fill("service editors");
      clickButton(page, "Save comment");
      page.locator("#role-comment-text").getByText("service editors").waitFor();
      assertThat(admin.get("/rbac/roles/editors").json().path("comment").asText()).isEqualTo("service editors");

      // the user: a comment, disabled, a new token shown once
      clickLink(page, "RBAC users");
      clickLink(page, "ed");
      awaitHeading(page, "RBAC user ed");
      clickButton(page, "Edit user");
      page.locator("#edit-comment").fill("on leave");
      page.locator("#edit-enabled").uncheck();
      page.locator("#edit-token").check();
      assertThat(page.locator("#edit-password").count()).as("token logins: no password field").isZero();
      clickButton(page, "Save user");
      String newToken = page.locator("#new-token").textContent().trim();
      assertThat(newToken).hasSize(64).isNotEqualTo(ED_TOKEN);
      shot(page, "rbac-user-edited");
      var user = admin.get("/rbac/users/ed").json();
      assertThat(user.path("enabled").asBoolean()).isFalse();
      assertThat(user.path("comment").asText()).isEqualTo("on leave");
      assertThat(ed.get("/services").status()).as("the old token").isEqualTo(401);
      AdminClient edNew = node.admin.withHeader("Kong-Admin-Token", newToken);
      assertThat(edNew.get("/services").status()).as("disabled").isEqualTo(401);

      // enabled again: the new token works, the old one still not; the token is not shown a second time
      clickButton(page, "Edit user");
      page.locator("#edit-enabled").check();
      clickButton(page, "Save user");
      page.getByText("User saved.").waitFor();
      assertThat(page.locator("#new-token").count()).isZero();
      assertThat(edNew.get("/services").status()).isEqualTo(200);
      assertThat(ed.get("/services").status()).isEqualTo(401);
    }
  }
}
