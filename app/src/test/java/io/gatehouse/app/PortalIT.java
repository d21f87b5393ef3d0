package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.http.AdminHttpServer;
import io.gatehouse.admin.testing.AdminClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The developer portal end to end on a whole node, over HTTP only: a developer signs up, is approved
 * by the operator, creates an application (a consumer and a key), subscribes to a product; the proxy
 * refuses the key (403) until the operator approves through the Admin API, then lets it through
 * (200) up to the plan's limit (429); revoking refuses it again within a second; every decision is
 * in the audit log.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(StoreKind.class)
class PortalIT {
  @Parameter StoreKind storeKind;
  @TempDir Path dir;

  static Map<String, String> portalSettings(StoreKind kind) {
    Map<String, String> conf = new HashMap<>(kind.settings());
    conf.put("portal", "on");
    conf.put("portal_gui_listen", "127.0.0.1:0");
    conf.put("portal_api_listen", "127.0.0.1:0");
    conf.put("audit_log", "on");
    return conf;
  }

  static AdminClient portalApi(WholeNode n) {
    int port = n.node.component("portal API 127.0.0.1:0", AdminHttpServer.class).orElseThrow().address().getPort();
    return new AdminClient("http://127.0.0.1:" + port);
  }

  /** A developer signed up, approved by the operator and logged in: a client of the portal API sending its session. */
  static AdminClient approvedDeveloper(WholeNode n, String email) {
    AdminClient dev = portalApi(n);
    assertThat(dev.post("/register", "{\"email\":\"" + email + "\",\"password\":\"correct horse\"}").status()).isEqualTo(201);
    assertThat(n.admin.json("PATCH", "/portal/developers/" + email, "{\"status\":\"approved\"}").status()).isEqualTo(200);
    String cookie = dev.post("/session", "{\"email\":\"" + email + "\",\"password\":\"correct horse\"}").headers()
        .firstValue("Set-Cookie").orElseThrow();
    return dev.withHeader("Cookie", cookie.substring(0, cookie.indexOf(';')));
  }

  @Test
  void a_subscription_is_refused_until_approved_then_limited_then_revoked() throws Exception {
    try (WholeNode n = new WholeNode(dir, portalSettings(storeKind))) {
      AdminClient admin = n.admin;
      AdminClient dev = portalApi(n);
      n.serviceAndRoute("weather", "/weather");

      // the operator publishes a product over the service, with a 3-an-hour plan (an hour: a window edge
      // between the calls below, which would restart the count, is then all but impossible)
      AdminClient.Resp product = admin.post("/portal/products", """
          {"name":"Weather","description":"Forecasts by city","version":"1.0","service_ids":["weather"],
           "openapi":"openapi: 3.0.0\\ninfo:\\n  title: Weather\\npaths:\\n  /forecast/{city}:\\n    get: {summary: Forecast}\\n","plans":[{"name":"basic","hour":3}]}""");
      assertThat(product.status()).as(product.toString()).isEqualTo(201);
      String productId = product.json().get("id").asText();
      // the guards are ordinary plugins, tagged for operators and decK
      JsonNode tagged = admin.get("/plugins?tags=gatehouse-portal").json().get("data");
      assertThat(tagged).extracting(p -> p.get("name").asText()).containsExactlyInAnyOrder("key-auth", "acl", "cors"); // cors: the pages' try-it
      n.awaitStatus(401, "/weather"); // no key at all

      // sign up: the account waits for the operator
      AdminClient.Resp signup = dev.post("/register", "{\"email\":\"Ada@Example.com\",\"password\":\"correct horse\"}");
      assertThat(signup.status()).as(signup.toString()).isEqualTo(201);
      assertThat(signup.json().get("status").asText()).isEqualTo("pending");
      assertThat(signup.text()).doesNotContain("correct horse").doesNotContain("argon2");
      AdminClient.Resp early = dev.post("/session", "{\"email\":\"ada@example.com\",\"password\":\"correct horse\"}");
      assertThat(early.status()).isEqualTo(403);
      assertThat(early.message()).isEqualTo("Your account is waiting for approval");
      assertThat(admin.json("PATCH", "/portal/developers/ADA@example.com", "{\"status\":\"approved\"}").status()).isEqualTo(200);
      assertThat(dev.post("/session", "{\"email\":\"ada@example.com\",\"password\":\"wrong horse\"}").status()).isEqualTo(401);
      AdminClient.Resp login = dev.post("/session", "{\"email\":\"ada@example.com\",\"password\":\"correct horse\"}");
      assertThat(login.status()).isEqualTo(200);
      String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
      assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict");
      AdminClient me = dev.withHeader("Cookie", setCookie.substring(0, setCookie.indexOf(';')));
      assertThat(dev.get("/products").status()).isEqualTo(401); // no session

      // catalogue, search and the product's OpenAPI document
      assertThat(me.get("/products?q=forecast").json().get("data")).hasSize(1);
      assertThat(me.get("/products?q=nothing-like-it").json().get("data")).isEmpty();
      JsonNode detail = me.get("/products/" + productId).json();
      assertThat(detail.get("openapi").asText()).contains("title: Weather");
      assertThat(detail.path("outline").path("title").asText()).isEqualTo("Weather");
      assertThat(detail.path("outline").path("operations").get(0).path("path").asText()).isEqualTo("/forecast/{city}");
      AdminClient.Resp notADocument = admin.json("PATCH", "/portal/products/" + productId, "{\"openapi\":\"just text\"}");
      assertThat(notADocument.status()).isEqualTo(400);
      assertThat(notADocument.json().path("fields").path("openapi").asText()).startsWith("expected an OpenAPI document");

      // an application: a consumer with a key, shown once
      AdminClient.Resp app = me.post("/applications", "{\"name\":\"my-app\"}");
      assertThat(app.status()).as(app.toString()).isEqualTo(201);
      String appId = app.json().get("id").asText();
      String key = app.json().get("key").asText();
      assertThat(key).hasSizeGreaterThan(30);
      assertThat(me.get("/applications/" + appId).text()).doesNotContain(key);

      AdminClient.Resp sub = me.post("/applications/" + appId + "/subscriptions", "{\"product\":\"Weather\",\"plan\":\"basic\"}");
      assertThat(sub.status()).as(sub.toString()).isEqualTo(201);
      assertThat(sub.json().get("status").asText()).isEqualTo("requested");
      AdminClient.Resp noPlan = me.post("/applications/" + appId + "/subscriptions", "{\"product\":\"Weather\",\"plan\":\"gold\"}");
      assertThat(noPlan.status()).isEqualTo(400);
      assertThat(noPlan.json().path("fields").path("plan").asText()).isEqualTo("product 'Weather' has no plan 'gold' (plans: basic)");
      String subId = sub.json().get("id").asText();
      assertThat(me.post("/applications/" + appId + "/subscriptions", "{\"product\":\"Weather\",\"plan\":\"basic\"}").status())
          .isEqualTo(409); // one subscription per application and product

      // before approval the key authenticates but the acl refuses it
      HttpResponse<String> refused = n.awaitStatus(403, "/weather", "apikey", key);
      assertThat(refused.body()).contains("You cannot consume this service");

      // the operator approves through the Admin API; the proxy lets the key through, up to the plan
      AdminClient.Resp pending = admin.get("/portal/subscriptions?status=requested");
      assertThat(pending.json().get("data")).extracting(s -> s.get("id").asText()).containsExactly(subId);
      AdminClient.Resp approved = admin.json("PATCH", "/portal/subscriptions/" + subId, "{\"status\":\"approved\"}");
      assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
      assertThat(approved.json().get("status").asText()).isEqualTo("approved");
      assertThat(me.get("/applications/" + appId + "/subscriptions").json().get("data").get(0).get("status").asText())
          .isEqualTo("approved");
      n.awaitStatus(200, "/weather", "apikey", key);
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 10 && !statuses.contains(429); i++) {
        statuses.add(n.get("/weather", "apikey", key).statusCode());
      }
      assertThat(statuses).as("calls after the first 200 under a 3-an-hour plan").contains(429);
      assertThat(statuses.stream().filter(s -> s == 200).count()).isLessThanOrEqualTo(3);

      // revocation: refused again within a second
      AdminClient.Resp revoked = admin.json("PATCH", "/portal/subscriptions/" + subId, "{\"status\":\"revoked\"}");
      assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
          .until(() -> n.get("/weather", "apikey", key).statusCode() == 403);
      assertThat(admin.get("/acls").json().get("data")).isEmpty();
      assertThat(me.get("/applications/" + appId).json().get("subscriptions").get(0).get("status").asText())
          .isEqualTo("revoked");

      // bad decisions are refused and change nothing
      AdminClient.Resp bad = admin.json("PATCH", "/portal/subscriptions/" + subId, "{\"status\":\"maybe\"}");
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.json().path("fields").path("status").asText()).startsWith("expected one of");

      // a revoked subscription may be requested again; it waits for the operator as before
      AdminClient.Resp again = me.post("/applications/" + appId + "/subscriptions", "{\"product\":\"Weather\",\"plan\":\"basic\"}");
      assertThat(again.status()).as(again.toString()).isEqualTo(201);
      assertThat(again.json().get("id").asText()).isEqualTo(subId);
      assertThat(again.json().get("status").asText()).isEqualTo("requested");
      assertThat(n.get("/weather", "apikey", key).statusCode()).isEqualTo(403);

      // every decision is in the audit log, with the subscription's state before and after
      JsonNode audit = admin.get("/audit/requests").json().get("data");
      List<String> decisions = new ArrayList<>();
      for (JsonNode r : audit) {
        if (r.get("method").asText().equals("PATCH") && r.get("path").asText().startsWith("/portal/")) {
          decisions.add(r.get("path").asText() + " " + r.get("status").asInt());
          if (r.get("status").asInt() == 200 && r.get("path").asText().startsWith("/portal/subscriptions/")) {
            assertThat(r.get("before_digest").asText()).isNotEqualTo(r.get("after_digest").asText());
          }
        }
      }
      assertThat(decisions).containsExactlyInAnyOrder("/portal/products/" + productId + " 400",
          "/portal/developers/ADA@example.com 200",
          "/portal/subscriptions/" + subId + " 200", "/portal/subscriptions/" + subId + " 200",
          "/portal/subscriptions/" + subId + " 400");
    }
  }

  @Test
  void tiers_and_repairs_reach_the_proxy_and_deleting_a_product_removes_its_guards_and_grants() throws Exception {
    Map<String, String> conf = portalSettings(storeKind);
    conf.put("portal_auto_approve", "on");
    try (WholeNode n = new WholeNode(dir, conf)) {
      AdminClient dev = portalApi(n);
      n.serviceAndRoute("maps", "/maps");
      AdminClient.Resp product = n.admin.post("/portal/products",
          "{\"name\":\"Maps\",\"route_ids\":[\"maps\"],\"auto_approve\":true}");
      assertThat(product.status()).as(product.toString()).isEqualTo(201);
      assertThat(dev.post("/register", "{\"email\":\"bob@example.com\",\"password\":\"long enough\"}").json()
          .get("status").asText()).isEqualTo("approved");
      String cookie = dev.post("/session", "{\"email\":\"bob@example.com\",\"password\":\"long enough\"}").headers()
          .firstValue("Set-Cookie").orElseThrow();
      AdminClient me = dev.withHeader("Cookie", cookie.substring(0, cookie.indexOf(';')));
      AdminClient.Resp app = me.post("/applications", "{\"name\":\"maps-app\"}");
      String key = app.json().get("key").asText();
      AdminClient.Resp sub = me.post("/applications/" + app.json().get("id").asText() + "/subscriptions",
          "{\"product\":\"Maps\"}");
      assertThat(sub.json().get("status").asText()).isEqualTo("approved"); // the product approves by itself
      n.awaitStatus(200, "/maps", "apikey", key);

      // password guessing from one address is refused after 10 failures, even with the right password
      for (int i = 0; i < 10; i++) {
        assertThat(dev.post("/session", "{\"email\":\"bob@example.com\",\"password\":\"guess " + i + "\"}").status())
            .isEqualTo(401);
      }
      AdminClient.Resp blocked = dev.post("/session", "{\"email\":\"bob@example.com\",\"password\":\"long enough\"}");
      assertThat(blocked.status()).isEqualTo(429);
      assertThat(blocked.headers().firstValue("Retry-After")).isPresent();

      // sign-ups have their own budget from the address: bob's and 9 more in the minute bob's opened, then 429
      // and no account
      for (int i = 2; i <= 10; i++) {
        assertThat(dev.post("/register", "{\"email\":\"dev" + i + "@example.com\",\"password\":\"long enough\"}")
            .status()).as("sign-up %d", i).isEqualTo(201);
      }
      AdminClient.Resp refused = dev.post("/register", "{\"email\":\"dev11@example.com\",\"password\":\"long enough\"}");
      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();
      assertThat(n.admin.get("/portal/developers/dev11@example.com").status()).isEqualTo(404);

      // a new tier reaches the proxy as the consumer's rate-limiting plugin; a plan in use cannot go
      AdminClient.Resp tier = n.admin.json("PATCH", "/portal/products/Maps", "{\"plans\":[{\"name\":\"default\",\"minute\":1}]}");
      assertThat(tier.status()).as(tier.toString()).isEqualTo(200);
      JsonNode limits = n.admin.get("/plugins?tags=gatehouse-portal").json().get("data");
      assertThat(limits).filteredOn(p -> p.get("name").asText().equals("rate-limiting"))
          .singleElement().satisfies(p -> assertThat(p.path("config").path("minute").asInt()).isEqualTo(1));
      AdminClient.Resp dropPlan = n.admin.json("PATCH", "/portal/products/Maps", "{\"plans\":[{\"name\":\"other\"}]}");
      assertThat(dropPlan.status()).isEqualTo(400);
      assertThat(dropPlan.json().path("fields").path("plans").asText()).isEqualTo("plan 'default' has subscriptions; keep it");

      // a guard removed behind the portal's back (a full decK sync) comes back with any PATCH of the product
      String acl = limits.findParents("name").stream().filter(p -> p.get("name").asText().equals("acl")).findFirst()
          .orElseThrow().get("id").asText();
      assertThat(n.admin.delete("/plugins/" + acl).status()).isEqualTo(204);
      assertThat(n.admin.json("PATCH", "/portal/products/Maps", "{}").status()).isEqualTo(200);
      assertThat(n.admin.get("/plugins?tags=gatehouse-portal").json().get("data")).extracting(p -> p.get("name").asText())
          .containsExactlyInAnyOrder("key-auth", "acl", "cors", "rate-limiting");

      assertThat(n.admin.delete("/portal/products/Maps").status()).isEqualTo(204);
      assertThat(n.admin.get("/plugins?tags=gatehouse-portal").json().get("data")).isEmpty();
      assertThat(n.admin.get("/acls").json().get("data")).isEmpty();
      assertThat(n.admin.get("/portal/subscriptions").json().get("data")).isEmpty();
      n.awaitStatus(200, "/maps"); // the route is open again, as before the product
    }
  }
}
