package io.gatehouse.admin.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.admin.testing.RbacNode;
import io.gatehouse.store.rbac.Action;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every Admin API endpoint the router serves — enumerated from {@code GET /endpoints} and each
 * template's {@code Allow} header, not from a list kept here — answers 401 without a token, 403 to
 * a read-only user on writes (reads allowed), and lets a super admin through. A new endpoint that
 * escaped the permission check would fail here. The caller's own endpoints ({@link #SELF}: who am I,
 * the Manager's login and logout) need a valid token and no permission.
 */
class RbacEveryEndpointIT {
  private static final String NO_SUCH = "no-such-thing-0";
  private static final Set<String> SELF = Set.of("GET /userinfo", "GET /auth", "DELETE /auth");
  private static RbacNode node;
  private static AdminClient reader;
  private static AdminClient nobody;

  @BeforeAll
  static void start() throws Exception {
    node = new RbacNode(EnforceMode.ON);
    reader = node.user("reader", "reader-token-1", "read-only");
    nobody = node.user("nobody", "nobody-token-1");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** Every template with every method it serves (HEAD and OPTIONS aside). */
  private static List<String[]> routes() {
    AdminClient.Resp endpoints = node.superAdmin.get("/endpoints");
    assertThat(endpoints.status()).isEqualTo(200);
    List<String[]> out = new ArrayList<>();
    for (JsonNode t : endpoints.json().path("data")) {
      String template = t.asText();
      String path = concrete(template);
      AdminClient.Resp options = node.anonymous.send(HttpRequest.newBuilder(node.anonymous.uri(path))
          .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
      assertThat(options.status()).as("OPTIONS %s", path).isEqualTo(204);
      for (String m : options.headers().firstValue("Allow").orElseThrow().split(",\\s*")) {
        if (!m.equals("HEAD") && !m.equals("OPTIONS")) {
          out.add(new String[] {template, path, m});
        }
      }
    }
    return out;
  }

  /** The template with each capture replaced by a key that names nothing. */
  private static String concrete(String template) {
    return String.join("/", Arrays.stream(template.split("/", -1))
        .map(seg -> seg.startsWith("{") ? NO_SUCH : seg).toList());
  }

  private static AdminClient.Resp call(AdminClient client, String method, String path) {
    return switch (method) {
      case "GET" -> client.get(path);
      case "DELETE" -> client.delete(path);
      default -> client.json(method, path, "{}");
    };
  }

  @Test
  void the_enumeration_covers_the_rbac_and_audit_endpoints_and_the_generated_ones() {
    List<String> templates = routes().stream().map(r -> r[0]).distinct().toList();
    assertThat(templates.size()).isGreaterThan(80);
    assertThat(templates).contains("/rbac/users", "/rbac/users/{rbac_users}", "/rbac/users/{rbac_users}/roles",
        "/rbac/roles", "/rbac/roles/{rbac_roles}", "/rbac/roles/{rbac_roles}/endpoints",
        "/rbac/roles/{rbac_roles}/endpoints/{workspace}/{endpoint*}", "/rbac/roles/{rbac_roles}/entities",
        "/rbac/roles/{rbac_roles}/entities/{entity_id}", "/audit/requests", "/audit/objects", "/services/{services}/routes", "/config",
        "/declarative",
        "/portal/products", "/portal/products/{portal_products}", "/portal/developers/{portal_developers}",
        "/portal/subscriptions/{portal_subscriptions}", "/userinfo", "/auth");
  }

  @Test
  void without_a_token_every_endpoint_is_401() {
    SoftAssertions soft = new SoftAssertions();
    for (String[] r : routes()) {
      AdminClient.Resp resp = call(node.anonymous, r[2], r[1]);
      soft.assertThat(resp.status()).as("%s %s", r[2], r[0]).isEqualTo(401);
      soft.assertThat(resp.message()).as("%s %s", r[2], r[0]).isEqualTo("Invalid credentials. Token or User credentials required");
    }
    soft.assertAll();
  }

  @Test
  void a_read_only_user_reads_everything_and_writes_nothing() {
    SoftAssertions soft = new SoftAssertions();
    for (String[] r : routes()) {
      AdminClient.Resp resp = call(reader, r[2], r[1]);
      Action action = Action.ofMethod(r[2]);
      if (action == Action.READ || SELF.contains(r[2] + " " + r[0])) {
        soft.assertThat(resp.status()).as("%s %s", r[2], r[0]).isNotIn(401, 403);
      } else {
        soft.assertThat(resp.status()).as("%s %s", r[2], r[0]).isEqualTo(403);
        soft.assertThat(resp.message()).as("%s %s", r[2], r[0])
            .isEqualTo("reader, you do not have permissions to " + action.kongName() + " this resource");
      }
    }
    for (String list : List.of("/", "/status", "/endpoints", "/services", "/routes", "/consumers", "/plugins",
        "/rbac/users", "/rbac/roles", "/audit/requests", "/audit/objects")) {
      soft.assertThat(reader.get(list).status()).as("GET %s", list).isEqualTo(200);
    }
    soft.assertAll();
  }

  @Test
  void a_user_without_a_single_permission_reaches_only_its_own_endpoints() {
    SoftAssertions soft = new SoftAssertions();
    for (String[] r : routes()) {
      AdminClient.Resp resp = call(nobody, r[2], r[1]);
      if (SELF.contains(r[2] + " " + r[0])) {
        soft.assertThat(resp.status()).as("%s %s", r[2], r[0]).isIn(200, 204);
      } else {
        soft.assertThat(resp.status()).as("%s %s", r[2], r[0]).isEqualTo(403);
        soft.assertThat(resp.message()).as("%s %s", r[2], r[0])
            .isEqualTo("nobody, you do not have permissions to " + Action.ofMethod(r[2]).kongName() + " this resource");
      }
    }
    soft.assertThat(nobody.get("/userinfo").json().path("rbac_user").path("name").asText()).isEqualTo("nobody");
    soft.assertAll();
  }

  @Test
  void a_super_admin_passes_every_check() {
    SoftAssertions soft = new SoftAssertions();
    Set<String> destructive = Set.of("DELETE /rbac/users/{rbac_users}", "DELETE /rbac/roles/{rbac_roles}");
    for (String[] r : routes()) {
      AdminClient.Resp resp = call(node.superAdmin, r[2], r[1]);
      soft.assertThat(resp.status()).as("%s %s", r[2], r[0]).isNotIn(401, 403);
      if (destructive.contains(r[2] + " " + r[0])) {
        soft.assertThat(resp.status()).isEqualTo(204);
      }
    }
    // the accounts the walk ran with are still there
    soft.assertThat(node.superAdmin.get("/rbac/users/kong_admin").status()).isEqualTo(200);
    soft.assertThat(reader.get("/rbac/users/reader").status()).isEqualTo(200);
    soft.assertAll();
  }
}
