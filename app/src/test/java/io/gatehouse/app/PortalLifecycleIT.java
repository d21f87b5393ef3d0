package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.admin.testing.AdminClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The life of applications and accounts after they exist, on a whole node: deleting an application
 * (its consumer and grants go; the key stops within a second), rotating its key, changing a
 * subscription's plan (the proxy's tier changes), deleting a developer account by the developer
 * and by the operator.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(StoreKind.class)
class PortalLifecycleIT {
  @Parameter StoreKind storeKind;
  @TempDir Path dir;


  private static void product(WholeNode n, String name, boolean autoApprove) {
    n.serviceAndRoute(name.toLowerCase(java.util.Locale.ROOT), "/" + name.toLowerCase(java.util.Locale.ROOT));
    AdminClient.Resp p = n.admin.post("/portal/products", "{\"name\":\"" + name + "\",\"service_ids\":[\""
        + name.toLowerCase(java.util.Locale.ROOT) + "\"],\"auto_approve\":" + autoApprove
        + ",\"plans\":[{\"name\":\"basic\",\"hour\":2},{\"name\":\"gold\",\"hour\":100}]}");
    assertThat(p.status()).as(p.toString()).isEqualTo(201);
  }

  /** An application subscribed (auto-approved) to the product under {@code plan}: its id, key and subscription id. */
  private static String[] subscribedApp(AdminClient me, String name, String product, String plan) {
    AdminClient.Resp app = me.post("/applications", "{\"name\":\"" + name + "\"}");
    assertThat(app.status()).as(app.toString()).isEqualTo(201);
    String id = app.json().get("id").asText();
    AdminClient.Resp sub = me.post("/applications/" + id + "/subscriptions", "{\"product\":\"" + product + "\",\"plan\":\"" + plan + "\"}");
    assertThat(sub.status()).as(sub.toString()).isEqualTo(201);
    return new String[] {id, app.json().get("key").asText(), sub.json().get("id").asText()};
  }

  private static void stopsWithinASecond(WholeNode n, String path, String key) {
    await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
        .until(() -> n.get(path, "apikey", key).statusCode() == 401); // key-auth: no such key any more
  }

  @Test
  void deleting_an_application_removes_its_consumer_and_grants_and_stops_its_key() throws Exception {
    try (WholeNode n = new WholeNode(dir, PortalIT.portalSettings(storeKind))) {
      product(n, "Maps", true);
      AdminClient ada = PortalIT.approvedDeveloper(n, "ada@example.com");
      AdminClient bob = PortalIT.approvedDeveloper(n, "bob@example.com");
      String[] app = subscribedApp(ada, "ada-app", "Maps", "gold");
      n.awaitStatus(200, "/maps", "apikey", app[1]);
      assertThat(n.admin.get("/acls").json().get("data")).hasSize(1);

      assertThat(bob.delete("/applications/" + app[0]).status()).isEqualTo(404); // not bob's
      assertThat(n.get("/maps", "apikey", app[1]).statusCode()).isEqualTo(200);

      assertThat(ada.delete("/applications/" + app[0]).status()).isEqualTo(204);
      stopsWithinASecond(n, "/maps", app[1]);
      assertThat(ada.get("/applications").json().get("data")).isEmpty();
      assertThat(ada.get("/applications/" + app[0]).status()).isEqualTo(404);
      assertThat(n.admin.get("/consumers").json().get("data")).isEmpty();
      assertThat(n.admin.get("/acls").json().get("data")).isEmpty();
      assertThat(n.admin.get("/key-auths").json().get("data")).isEmpty();
      assertThat(n.admin.get("/plugins?tags=gatehouse-portal").json().get("data"))
          .extracting(p -> p.get("name").asText()).containsExactlyInAnyOrder("key-auth", "acl", "cors"); // the guards (and the docs' CORS) stay
      assertThat(n.admin.get("/portal/subscriptions").json().get("data")).isEmpty();

      // the operator deletes another application the same way
      String[] other = subscribedApp(ada, "second", "Maps", "gold");
      n.awaitStatus(200, "/maps", "apikey", other[1]);
      assertThat(n.admin.get("/portal/applications/" + other[0]).json().get("name").asText()).isEqualTo("second");
      assertThat(n.admin.delete("/portal/applications/" + other[0]).status()).isEqualTo(204);
      stopsWithinASecond(n, "/maps", other[1]);
      assertThat(n.admin.get("/portal/applications").json().get("data")).isEmpty();
    }
  }

  @Test
  void rotating_a_key_stops_the_old_one_and_keeps_the_subscriptions() throws Exception {
    try (WholeNode n = new WholeNode(dir, PortalIT.portalSettings(storeKind))) {
      product(n, "Maps", true);
      AdminClient ada = PortalIT.approvedDeveloper(n, "ada@example.com");
      String[] app = subscribedApp(ada, "ada-app", "Maps", "gold");
      n.awaitStatus(200, "/maps", "apikey", app[1]);

      AdminClient.Resp rotated = ada.post("/applications/" + app[0] + "/key", "{}");
      assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
      String fresh = rotated.json().get("key").asText();
      assertThat(fresh).hasSizeGreaterThan(30).isNotEqualTo(app[1]);
      stopsWithinASecond(n, "/maps", app[1]);
      assertThat(n.awaitStatus(200, "/maps", "apikey", fresh).statusCode()).isEqualTo(200);
      assertThat(n.admin.get("/key-auths").json().get("data")).hasSize(1);
      assertThat(ada.get("/applications/" + app[0]).text()).doesNotContain(fresh); // shown once, as at creation
      assertThat(ada.get("/applications/" + app[0]).json().get("subscriptions").get(0).get("status").asText())
          .isEqualTo("approved");
    }
  }

  @Test
  void changing_a_plan_changes_the_tier_the_proxy_enforces() throws Exception {
    try (WholeNode n = new WholeNode(dir, PortalIT.portalSettings(storeKind))) {
      product(n, "Maps", true);
      product(n, "Vault", false);
      AdminClient ada = PortalIT.approvedDeveloper(n, "ada@example.com");
      String[] app = subscribedApp(ada, "ada-app", "Maps", "basic");
      n.awaitStatus(200, "/maps", "apikey", app[1]);
      assertThat(n.get("/maps", "apikey", app[1]).headers().firstValue("X-RateLimit-Limit-Hour")).hasValue("2");
      n.awaitStatus(429, "/maps", "apikey", app[1]); // 2 an hour: used up

      // the developer moves to gold (an auto-approved product): the limit is 100 within a second
      AdminClient.Resp gold = ada.json("PATCH", "/applications/" + app[0] + "/subscriptions/" + app[2], "{\"plan\":\"gold\"}");
      assertThat(gold.status()).as(gold.toString()).isEqualTo(200);
      assertThat(gold.json().get("plan").asText()).isEqualTo("gold");
      assertThat(gold.json().get("status").asText()).isEqualTo("approved");
      await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
          .until(() -> n.get("/maps", "apikey", app[1]).statusCode() == 200);
      HttpResponse<String> after = n.get("/maps", "apikey", app[1]);
      assertThat(after.headers().firstValue("X-RateLimit-Limit-Hour")).hasValue("100");
      assertThat(n.admin.get("/plugins?tags=gatehouse-portal").json().get("data")).filteredOn(
          p -> p.get("name").asText().equals("rate-limiting")).singleElement()
          .satisfies(p -> assertThat(p.path("config").path("hour").asInt()).isEqualTo(100));
      AdminClient.Resp noSuchPlan = ada.json("PATCH", "/applications/" + app[0] + "/subscriptions/" + app[2], "{\"plan\":\"platinum\"}");
      assertThat(noSuchPlan.status()).isEqualTo(400);
      assertThat(noSuchPlan.json().path("fields").path("plan").asText()).contains("has no plan 'platinum'");

      // the operator moves it back: 429 again (the hour's count is above 2)
      assertThat(n.admin.json("PATCH", "/portal/subscriptions/" + app[2], "{\"plan\":\"basic\"}").json().get("plan").asText())
          .isEqualTo("basic");
      await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
          .until(() -> n.get("/maps", "apikey", app[1]).statusCode() == 429);
      // a bad status with a plan changes nothing
      assertThat(n.admin.json("PATCH", "/portal/subscriptions/" + app[2], "{\"plan\":\"gold\",\"status\":\"maybe\"}").status())
          .isEqualTo(400);
      assertThat(n.admin.get("/portal/subscriptions/" + app[2]).json().get("plan").asText()).isEqualTo("basic");

      // on a product whose subscriptions an operator approves, a developer cannot pick another tier
      AdminClient.Resp vault = ada.post("/applications/" + app[0] + "/subscriptions", "{\"product\":\"Vault\",\"plan\":\"basic\"}");
      String vaultSub = vault.json().get("id").asText();
      AdminClient.Resp refused = ada.json("PATCH", "/applications/" + app[0] + "/subscriptions/" + vaultSub, "{\"plan\":\"gold\"}");
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.message()).isEqualTo("The plans of Vault are changed by an operator");
    }
  }

  @Test
  void deleting_an_account_deletes_its_applications_and_ends_its_sessions() throws Exception {
    try (WholeNode n = new WholeNode(dir, PortalIT.portalSettings(storeKind))) {
      product(n, "Maps", true);
      AdminClient ada = PortalIT.approvedDeveloper(n, "ada@example.com");
      String[] adaApp = subscribedApp(ada, "ada-app", "Maps", "gold");
      AdminClient bob = PortalIT.approvedDeveloper(n, "bob@example.com");
      String[] bobApp = subscribedApp(bob, "bob-app", "Maps", "gold");
      n.awaitStatus(200, "/maps", "apikey", adaApp[1]);
      n.awaitStatus(200, "/maps", "apikey", bobApp[1]);

      // by the developer
      AdminClient.Resp gone = ada.delete("/developer");
      assertThat(gone.status()).isEqualTo(204);
      assertThat(gone.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
      stopsWithinASecond(n, "/maps", adaApp[1]);
      assertThat(ada.get("/applications").status()).isEqualTo(401);
      assertThat(PortalIT.portalApi(n).post("/session", "{\"email\":\"ada@example.com\",\"password\":\"correct horse\"}")
          .status()).isEqualTo(401);
      assertThat(n.admin.get("/portal/developers/ada@example.com").status()).isEqualTo(404);
      assertThat(n.get("/maps", "apikey", bobApp[1]).statusCode()).isEqualTo(200); // bob is untouched

      // by the operator
      assertThat(n.admin.delete("/portal/developers/BOB@example.com").status()).isEqualTo(204);
      stopsWithinASecond(n, "/maps", bobApp[1]);
      assertThat(bob.get("/developer").status()).isEqualTo(401);
      assertThat(n.admin.get("/portal/developers").json().get("data")).isEmpty();
      assertThat(n.admin.get("/portal/applications").json().get("data")).isEmpty();
      assertThat(n.admin.get("/consumers").json().get("data")).isEmpty();
      // the address is free again
      assertThat(PortalIT.portalApi(n).post("/register", "{\"email\":\"bob@example.com\",\"password\":\"correct horse\"}")
          .status()).isEqualTo(201);
    }
  }
}
