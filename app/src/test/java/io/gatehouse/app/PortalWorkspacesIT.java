package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.gatehouse.admin.http.AdminHttpServer;
import io.gatehouse.admin.testing.AdminClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One portal per workspace: two workspaces with their portal on ({@code config.portal}) each publish
 * a product over their own service; a developer of team A sees only A's catalogue, cannot log in to
 * B's portal nor the default one, and the consumer and grants A's portal writes are team A's
 * entities. A workspace whose portal is off is 404, and so is the page in Chromium.
 */
class PortalWorkspacesIT extends BrowserTest {
  @TempDir Path dir;

  private static void team(WholeNode n, String ws, String service, boolean portal) {
    AdminClient.Resp w = n.admin.post("/workspaces", "{\"name\":\"" + ws + "\",\"config\":{\"portal\":" + portal + "}}");
    assertThat(w.status()).as(w.toString()).isEqualTo(201);
    assertThat(n.admin.post("/" + ws + "/services", "{\"name\":\"" + service + "\",\"url\":\"" + n.upstream.url("/") + "\"}")
        .status()).isEqualTo(201);
    assertThat(n.admin.post("/" + ws + "/services/" + service + "/routes", "{\"paths\":[\"/" + service + "\"]}").status())
        .isEqualTo(201);
  }

  private static void product(WholeNode n, String ws, String name, String service) {
    AdminClient.Resp p = n.admin.post("/" + ws + "/portal/products", "{\"name\":\"" + name + "\",\"service_ids\":[\""
        + service + "\"],\"auto_approve\":true}");
    assertThat(p.status()).as(p.toString()).isEqualTo(201);
  }

  private static String login(AdminClient api, String prefix, String email) {
    AdminClient.Resp r = api.post(prefix + "/session", "{\"email\":\"" + email + "\",\"password\":\"correct horse\"}");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).contains("Path=" + (prefix.isEmpty() ? "/" : prefix) + ";");
    return cookie.substring(0, cookie.indexOf(';'));
  }

  @Test
  void each_workspace_has_its_own_portal_and_a_developer_of_one_cannot_see_or_enter_another() throws Exception {
    Map<String, String> conf = PortalIT.portalSettings(StoreKind.SQLITE);
    conf.put("portal_auto_approve", "on");
    try (WholeNode n = new WholeNode(dir, conf)) {
      team(n, "team-a", "alpha", true);
      team(n, "team-b", "beta", true);
      team(n, "team-c", "gamma", false);
      product(n, "team-a", "Alpha", "alpha");
      product(n, "team-a", "Apex", "alpha");
      product(n, "team-b", "Beta", "beta");
      product(n, "team-b", "Alpha", "beta"); // names are unique per workspace
      AdminClient api = PortalIT.portalApi(n);

      assertThat(api.post("/team-a/register", "{\"email\":\"ada@example.com\",\"password\":\"correct horse\"}").status())
          .isEqualTo(201);
      String ada = login(api, "/team-a", "ada@example.com");
      AdminClient adaA = api.withHeader("Cookie", ada);
      assertThat(adaA.get("/team-a/products").json().get("data")).extracting(p -> p.get("name").asText())
          .containsExactly("Alpha", "Apex");
      // team B's portal and the default one know nothing of her: no catalogue, no login
      assertThat(adaA.get("/team-b/products").status()).isEqualTo(401);
      assertThat(adaA.get("/products").status()).isEqualTo(401);
      assertThat(api.post("/team-b/session", "{\"email\":\"ada@example.com\",\"password\":\"correct horse\"}").status())
          .isEqualTo(401);
      assertThat(api.post("/session", "{\"email\":\"ada@example.com\",\"password\":\"correct horse\"}").status())
          .isEqualTo(401);
      // a portal that is off, or a workspace that does not exist, is not there
      assertThat(api.post("/team-c/register", "{\"email\":\"c@example.com\",\"password\":\"correct horse\"}").status())
          .isEqualTo(404);
      assertThat(api.get("/no-such-team/auth").status()).isEqualTo(404);

      // her application is a consumer of team A, granted team A's product only
      AdminClient.Resp app = adaA.post("/team-a/applications", "{\"name\":\"ada-app\"}");
      assertThat(app.status()).as(app.toString()).isEqualTo(201);
      String key = app.json().get("key").asText();
      String appId = app.json().get("id").asText();
      assertThat(adaA.post("/team-a/applications/" + appId + "/subscriptions", "{\"product\":\"Alpha\"}").json()
          .get("status").asText()).isEqualTo("approved");
      assertThat(adaA.post("/team-a/applications/" + appId + "/subscriptions", "{\"product\":\"Beta\"}").status())
          .isEqualTo(400); // B's product is unknown here
      n.awaitStatus(200, "/alpha", "apikey", key);
      assertThat(n.get("/beta", "apikey", key).statusCode()).isNotEqualTo(200);
      assertThat(n.admin.get("/team-a/consumers").json().get("data")).extracting(c -> c.get("custom_id").asText())
          .containsExactly(appId);
      assertThat(n.admin.get("/consumers").json().get("data")).isEmpty();
      assertThat(n.admin.get("/team-b/consumers").json().get("data")).isEmpty();
      assertThat(n.admin.get("/team-a/acls").json().get("data")).hasSize(1);
      // the operator sees each workspace's portal under its prefix
      assertThat(n.admin.get("/team-a/portal/developers").json().get("data")).hasSize(1);
      assertThat(n.admin.get("/team-b/portal/developers").json().get("data")).isEmpty();
      assertThat(n.admin.get("/portal/developers").json().get("data")).isEmpty();
      assertThat(n.admin.get("/team-b/portal/products").json().get("data")).hasSize(2);

      // the page of team B's portal, in Chromium: B's catalogue; ada signs up there as a new account
      int guiPort = n.node.component("portal GUI 127.0.0.1:0", AdminHttpServer.class).orElseThrow().address().getPort();
      Page page = ManagerPages.page(chromium);
      page.navigate("http://127.0.0.1:" + guiPort + "/team-b/");
      page.locator("#email").fill("ada@example.com");
      page.locator("#password").fill("correct horse");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
      page.getByText("Invalid e-mail address or password").waitFor(); // A's account is not B's
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign up")).click();
      page.getByText("Account created; log in.").waitFor();
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
      page.getByText("Logged in as ada@example.com").waitFor();
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Beta")).waitFor();
      assertThat(page.locator("#products li").allTextContents()).hasSize(2).noneMatch(t -> t.contains("Apex"));
      assertThat(n.admin.get("/team-b/portal/developers").json().get("data")).hasSize(1);
      assertThat(n.admin.get("/team-a/portal/developers").json().get("data")).hasSize(1); // still her A account
      assertThat(adaA.get("/team-a/developer").status()).isEqualTo(200); // both logins live side by side

      // a workspace's own portal_auto_approve (Kong Enterprise's config key) overrides the node's
      assertThat(n.admin.json("PATCH", "/workspaces/team-a", "{\"config\":{\"portal\":true,\"portal_auto_approve\":false}}")
          .status()).isEqualTo(200);
      assertThat(api.post("/team-a/register", "{\"email\":\"bo@example.com\",\"password\":\"correct horse\"}").json()
          .get("status").asText()).isEqualTo("pending");
      assertThat(api.post("/team-b/register", "{\"email\":\"bo@example.com\",\"password\":\"correct horse\"}").json()
          .get("status").asText()).isEqualTo("approved");

      // turning team A's portal off closes it at once
      assertThat(n.admin.json("PATCH", "/workspaces/team-a", "{\"config\":{\"portal\":false}}").status()).isEqualTo(200);
      assertThat(adaA.get("/team-a/products").status()).isEqualTo(404);
      assertThat(page.navigate("http://127.0.0.1:" + guiPort + "/team-a/").status()).isEqualTo(404);
      assertThat(page.navigate("http://127.0.0.1:" + guiPort + "/team-c/").status()).isEqualTo(404);
    }
  }
}
