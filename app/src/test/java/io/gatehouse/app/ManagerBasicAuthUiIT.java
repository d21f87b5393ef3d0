package io.gatehouse.app;

import static io.gatehouse.app.ManagerPages.awaitHeading;
import static io.gatehouse.app.ManagerPages.clickButton;
import static io.gatehouse.app.ManagerPages.clickLink;
import static io.gatehouse.app.ManagerPages.guiUrl;
import static io.gatehouse.app.ManagerPages.shot;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Cookie;
import io.gatehouse.admin.testing.AdminClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Manager with {@code admin_gui_auth = basic-auth} in headless Chromium: an RBAC user logs in
 * with its name and password (GET /auth; the session cookie then authenticates every call), the
 * header shows its name, the switcher lists only the workspaces it has rights in, a reader gets no
 * create/edit/delete buttons while a super admin does, and logging out ends the session on the
 * Admin API (the old cookie is refused).
 */
class ManagerBasicAuthUiIT extends BrowserTest {
  static final String ADMIN_TOKEN = "bootstrap-basic-token-1";
  @TempDir Path dir;

  static void logIn(Page page, String user, String password) {
    awaitHeading(page, "Log in");
    page.locator("#user").fill(user);
    page.locator("#password").fill(password);
    clickButton(page, "Log in");
  }

  /** A role of {@code ws} (or of default, granting in default only) that may read everything there. */
  static void reader(AdminClient admin, String ws, String user) {
    String prefix = ws.equals("default") ? "" : "/" + ws;
    assertThat(admin.post(prefix + "/rbac/roles", "{\"name\":\"" + ws + "-reader\"}").status()).isEqualTo(201);
    assertThat(admin.post(prefix + "/rbac/roles/" + ws + "-reader/endpoints",
        "{\"workspace\":\"" + ws + "\",\"endpoint\":\"*\",\"actions\":\"read\"}").status()).isEqualTo(201);
    assertThat(admin.post(prefix + "/rbac/users/" + user + "/roles", "{\"roles\":\"" + ws + "-reader\"}").status())
        .isEqualTo(201);
  }

  static String basic(String user, String password) {
    return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void a_reader_logs_in_by_password_sees_its_workspaces_only_and_no_write_buttons() throws Exception {
    try (WholeNode node = new WholeNode(dir, Map.of("admin_gui_listen", "127.0.0.1:0", "enforce_rbac", "on",
        "password", ADMIN_TOKEN, "admin_gui_auth", "basic-auth"))) {
      AdminClient admin = node.admin.withHeader("Kong-Admin-Token", ADMIN_TOKEN);
      for (String ws : new String[] {"team-r", "team-x"}) {
        assertThat(admin.post("/workspaces", "{\"name\":\"" + ws + "\"}").status()).isEqualTo(201);
        assertThat(admin.post("/" + ws + "/services", "{\"name\":\"" + ws + "-svc\",\"host\":\"" + ws + ".test\"}").status())
            .isEqualTo(201);
      }
      assertThat(admin.post("/services", "{\"name\":\"default-svc\",\"host\":\"default.test\"}").status()).isEqualTo(201);
      assertThat(admin.post("/rbac/users", "{\"name\":\"rita\",\"password\":\"rita-password-1\"}").status()).isEqualTo(201);
      reader(admin, "default", "rita");
      reader(admin, "team-r", "rita");
      assertThat(admin.json("PATCH", "/rbac/users/kong_admin", "{\"password\":\"admin-password-1\"}").status()).isEqualTo(200);

      Page page = ManagerPages.page(chromium);
      page.setViewportSize(1280, 800);
      page.navigate(guiUrl(node));
      awaitHeading(page, "Log in");
      assertThat(page.locator("#token").count()).as("user and password, no token field").isZero();
      shot(page, "login-basic-auth");

      logIn(page, "rita", "not-her-password");
      assertThat(page.getByRole(AriaRole.ALERT).textContent()).contains("Wrong user name or password");

      logIn(page, "rita", "rita-password-1");
      page.getByText("Configuration hash").waitFor();
      page.locator(".who").getByText("rita").waitFor();
      assertThat(page.locator(".who").textContent()).contains("read-only");
      // the switcher: default and team-r, never team-x
      page.locator("select#workspace").waitFor();
      assertThat(page.locator("select#workspace option").allTextContents()).containsExactly("default", "team-r");

      clickLink(page, "Services");
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("default-svc")).waitFor();
      assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New services")).count()).isZero();
      clickLink(page, "default-svc");
      page.locator("dl.props").waitFor();
      assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Edit")).count()).isZero();
      assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete")).count()).isZero();

      page.locator("#workspace").selectOption("team-r");
      clickLink(page, "Services");
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("team-r-svc")).waitFor();
      assertThat(page.locator("main").textContent()).doesNotContain("default-svc").doesNotContain("team-x-svc");
      assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New services")).count()).isZero();
      shot(page, "basic-auth-reader-services");

      // the session is a cookie the page cannot read (HttpOnly); logging out closes it on the Admin API
      Cookie session = chromium.context().cookies().stream().filter(c -> c.name.equals("admin_session"))
          .findFirst().orElseThrow();
      assertThat(session.httpOnly).isTrue();
      assertThat(page.evaluate("document.cookie").toString()).doesNotContain("admin_session");
      AdminClient viaCookie = node.admin.withHeader("Cookie", "admin_session=" + session.value);
      assertThat(viaCookie.get("/userinfo").json().path("rbac_user").path("name").asText()).isEqualTo("rita");
      clickButton(page, "Log out");
      awaitHeading(page, "Log in");
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
          .until(() -> viaCookie.get("/services").status() == 401);

      // the super admin by password: every workspace and the write buttons
      logIn(page, "kong_admin", "admin-password-1");
      page.locator(".who").getByText("kong_admin").waitFor();
      page.locator("select#workspace").waitFor();
      assertThat(page.locator("select#workspace option").allTextContents()).containsExactly("default", "team-r", "team-x");
      clickLink(page, "Services");
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New services")).waitFor();
      clickLink(page, "default-svc");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Edit")).waitFor();
      assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete")).count()).isEqualTo(1);

      // the super admin sets rita's password in the UI: the new one logs in, the old one no more
      clickLink(page, "RBAC users");
      clickLink(page, "rita");
      awaitHeading(page, "RBAC user rita");
      clickButton(page, "Edit user");
      page.locator("#edit-password").fill("rita-password-2");
      clickButton(page, "Save user");
      page.getByText("User saved.").waitFor();
      assertThat(node.admin.withHeader("Authorization", basic("rita", "rita-password-2")).get("/auth").status()).isEqualTo(200);
      assertThat(node.admin.withHeader("Authorization", basic("rita", "rita-password-1")).get("/auth").status()).isEqualTo(401);
    }
  }
}
