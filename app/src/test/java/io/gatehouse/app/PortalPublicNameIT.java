package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.core.json.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The portal reached under its public name (Kong Enterprise's {@code portal_gui_protocol},
 * {@code portal_gui_host}, {@code portal_cors_origins} and a workspace's
 * {@code config.portal_cors_origins}, as its {@code build_ws_portal_cors_origins}): the proxy's
 * portal-written {@code cors} plugins and the developers' API grant that origin, and not an
 * unrelated one; a workspace's own list replaces the node's, and the plugins follow it at once.
 */
class PortalPublicNameIT {
  private static final String PORTAL = "http://portal.test:8003";
  private static final String EVIL = "http://evil.example";

  @TempDir Path dir;

  @Test
  void the_portal_gui_host_origin_gets_cors_from_the_proxy_and_the_developers_api_and_a_workspace_list_replaces_it()
      throws Exception {
    Map<String, String> conf = PortalIT.portalSettings(StoreKind.SQLITE);
    conf.put("portal_gui_host", "portal.test:8003");
    conf.put("portal_auto_approve", "on");
    try (WholeNode n = new WholeNode(dir, conf)) {
      n.serviceAndRoute("pubname", "/pubname");
      AdminClient.Resp p = n.admin.post("/portal/products", "{\"name\":\"Pub\",\"service_ids\":[\"pubname\"]}");
      assertThat(p.status()).as(p.toString()).isEqualTo(201);
      assertThat(corsOrigins(n)).contains(PORTAL).doesNotContain(EVIL);

      // the proxy: the preflight and the refused call carry the portal's origin; an unrelated one gets nothing of its own
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> allowOrigin(preflight(n, PORTAL)).equals(Optional.of(PORTAL)));
      HttpResponse<String> pre = preflight(n, PORTAL);
      assertThat(pre.statusCode()).isEqualTo(200);
      assertThat(pre.headers().firstValue("Access-Control-Allow-Headers")).contains("apikey");
      HttpResponse<String> call = n.get("/pubname/x", "Origin", PORTAL, "apikey", "not a key");
      assertThat(call.statusCode()).isEqualTo(401);
      assertThat(allowOrigin(call)).contains(PORTAL);
      assertThat(allowOrigin(preflight(n, EVIL))).isNotEqualTo(Optional.of(EVIL));
      assertThat(allowOrigin(n.get("/pubname/x", "Origin", EVIL, "apikey", "not a key"))).isNotEqualTo(Optional.of(EVIL));

      // the developers' API: the portal's origin with credentials, preflight and writes; another origin is refused
      AdminClient api = PortalIT.portalApi(n);
      AdminClient fromPortal = api.withHeader("Origin", PORTAL);
      AdminClient.Resp apiPre = api.send(java.net.http.HttpRequest.newBuilder(api.uri("/session"))
          .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
          .header("Origin", PORTAL).header("Access-Control-Request-Method", "POST")
          .header("Access-Control-Request-Headers", "content-type"));
      assertThat(apiPre.headers().firstValue("Access-Control-Allow-Origin")).contains(PORTAL);
      assertThat(apiPre.headers().firstValue("Access-Control-Allow-Credentials")).contains("true");
      AdminClient.Resp signUp = fromPortal.post("/register", "{\"email\":\"pat@example.com\",\"password\":\"correct horse\"}");
      assertThat(signUp.status()).as(signUp.toString()).isEqualTo(201);
      assertThat(signUp.headers().firstValue("Access-Control-Allow-Origin")).contains(PORTAL);
      AdminClient.Resp login = fromPortal.post("/session", "{\"email\":\"pat@example.com\",\"password\":\"correct horse\"}");
      assertThat(login.status()).as(login.toString()).isEqualTo(200);
      assertThat(login.headers().firstValue("Access-Control-Allow-Credentials")).contains("true");
      AdminClient fromEvil = api.withHeader("Origin", EVIL);
      AdminClient.Resp evilSignUp = fromEvil.post("/register", "{\"email\":\"eve@example.com\",\"password\":\"correct horse\"}");
      assertThat(evilSignUp.status()).isEqualTo(403);
      assertThat(evilSignUp.headers().firstValue("Access-Control-Allow-Origin")).isNotEqualTo(Optional.of(EVIL));
      assertThat(fromEvil.get("/products").headers().firstValue("Access-Control-Allow-Origin")).isNotEqualTo(Optional.of(EVIL));

      // a workspace's config.portal_cors_origins (Kong Enterprise's array) is refused unless an array of strings
      AdminClient.Resp bad = n.admin.json("PATCH", "/workspaces/default", "{\"config\":{\"portal_cors_origins\":\"https://x\"}}");
      assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
      // ... and replaces the node's origin: the portal's cors plugins follow at once, the API reads it per request
      String docs = "https://docs.example.com";
      AdminClient.Resp patched = n.admin.json("PATCH", "/workspaces/default",
          "{\"config\":{\"portal_cors_origins\":[\"" + docs + "\"]}}");
      assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
      assertThat(corsOrigins(n)).contains(docs).doesNotContain(PORTAL);
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> allowOrigin(preflight(n, docs)).equals(Optional.of(docs)));
      assertThat(allowOrigin(preflight(n, PORTAL))).isNotEqualTo(Optional.of(PORTAL));
      assertThat(api.withHeader("Origin", docs).get("/products").headers().firstValue("Access-Control-Allow-Origin")).contains(docs);
      assertThat(fromPortal.post("/register", "{\"email\":\"pam@example.com\",\"password\":\"correct horse\"}").status())
          .isEqualTo(403);

      // removed again: the node's portal_gui_host counts once more
      assertThat(n.admin.json("PATCH", "/workspaces/default", "{\"config\":{\"portal_cors_origins\":null}}").status()).isEqualTo(200);
      assertThat(corsOrigins(n)).contains(PORTAL).doesNotContain(docs);
    }

    // the node's portal_cors_origins replaces the portal_gui_host origin (Kong Enterprise), and the plugins follow at start
    conf.put("portal_cors_origins", "https://a.example, https://b.example");
    try (WholeNode n = new WholeNode(dir, conf)) {
      assertThat(corsOrigins(n)).contains("https://a.example", "https://b.example").doesNotContain(PORTAL);
      Awaitility.await().atMost(Duration.ofSeconds(10))
          .until(() -> allowOrigin(preflight(n, "https://b.example")).equals(Optional.of("https://b.example")));
      assertThat(allowOrigin(preflight(n, PORTAL))).isNotEqualTo(Optional.of(PORTAL));
      AdminClient api = PortalIT.portalApi(n);
      assertThat(api.withHeader("Origin", "https://b.example").get("/products").headers()
          .firstValue("Access-Control-Allow-Origin")).contains("https://b.example");
      // without Origin the first configured origin is named, as Kong's cors answers
      assertThat(api.get("/products").headers().firstValue("Access-Control-Allow-Origin")).contains("https://a.example");
    }
  }

  private static HttpResponse<String> preflight(WholeNode n, String origin) {
    return n.send("OPTIONS", "/pubname/x", "Origin", origin, "Access-Control-Request-Method", "GET",
        "Access-Control-Request-Headers", "apikey");
  }

  private static Optional<String> allowOrigin(HttpResponse<String> r) {
    return r.headers().firstValue("Access-Control-Allow-Origin");
  }

  /** The origins of the portal's cors plugin on service pubname. */
  private static java.util.List<String> corsOrigins(WholeNode n) {
    for (JsonNode pl : n.admin.get("/plugins?tags=gatehouse-portal").json().get("data")) {
      if (pl.get("name").asText().equals("cors")) {
        return java.util.stream.StreamSupport.stream(pl.get("config").get("origins").spliterator(), false)
            .map(JsonNode::asText).toList();
      }
    }
    throw new AssertionError("no portal cors plugin: " + Json.write(n.admin.get("/plugins").json()));
  }
}
