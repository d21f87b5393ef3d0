package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.testing.AdminClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 in the portal: two developers, an application each, calls through the proxy with each
 * key; each developer's {@code /applications/{app}/calls} and {@code /usage} show only their own
 * application's calls, the other's application is a 404, and with the call log off the endpoints say so.
 */
class PortalUsageIT {
  @TempDir Path dir;

  /** A developer logged in with one application subscribed (and approved) to product Quotes. */
  record Dev(AdminClient api, String appId, String consumerId, String key) {}

  static Dev developer(WholeNode n, String email, String appName) {
    AdminClient dev = PortalIT.portalApi(n);
    assertThat(dev.post("/register", "{\"email\":\"" + email + "\",\"password\":\"a long password\"}").status()).isEqualTo(201);
    AdminClient.Resp login = dev.post("/session", "{\"email\":\"" + email + "\",\"password\":\"a long password\"}");
    assertThat(login.status()).as(login.toString()).isEqualTo(200);
    String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    AdminClient me = dev.withHeader("Cookie", cookie.substring(0, cookie.indexOf(';')));
    AdminClient.Resp app = me.post("/applications", "{\"name\":\"" + appName + "\"}");
    assertThat(app.status()).as(app.toString()).isEqualTo(201);
    String appId = app.json().get("id").asText();
    AdminClient.Resp sub = me.post("/applications/" + appId + "/subscriptions", "{\"product\":\"Quotes\",\"plan\":\"free\"}");
    assertThat(sub.status()).as(sub.toString()).isEqualTo(201);
    AdminClient.Resp approved = n.admin.json("PATCH", "/portal/subscriptions/" + sub.json().get("id").asText(),
        "{\"status\":\"approved\"}");
    assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
    return new Dev(me, appId, app.json().get("consumer").get("id").asText(), app.json().get("key").asText());
  }

  static void publishQuotes(WholeNode n) {
    n.serviceAndRoute("quotes", "/quotes");
    AdminClient.Resp product = n.admin.post("/portal/products",
        "{\"name\":\"Quotes\",\"service_ids\":[\"quotes\"],\"plans\":[{\"name\":\"free\",\"minute\":1000}]}");
    assertThat(product.status()).as(product.toString()).isEqualTo(201);
  }

  /** Every call of the application the developer's API lists (one page of up to 1000). */
  static JsonNode calls(Dev d, String query) {
    AdminClient.Resp r = d.api().get("/applications/" + d.appId() + "/calls?size=1000" + query);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json().get("data");
  }

  static List<String> paths(JsonNode calls) {
    List<String> out = new ArrayList<>();
    calls.forEach(c -> out.add(c.get("request").get("uri").asText()));
    return out;
  }

  @Test
  void each_developer_sees_only_their_own_applications_calls_and_usage() throws Exception {
    Map<String, String> conf = PortalIT.portalSettings(StoreKind.SQLITE);
    conf.put("portal_auto_approve", "on");
    conf.put("analytics", "on");
    try (WholeNode n = new WholeNode(dir, conf)) {
      publishQuotes(n);
      Dev ada = developer(n, "ada@example.com", "ada-app");
      Dev bob = developer(n, "bob@example.com", "bob-app");
      n.awaitStatus(200, "/quotes/ready", "apikey", ada.key());
      n.awaitStatus(200, "/quotes/ready", "apikey", bob.key());
      for (int i = 0; i < 3; i++) assertThat(n.get("/quotes/ada-" + i, "apikey", ada.key()).statusCode()).isEqualTo(200);
      for (int i = 0; i < 2; i++) assertThat(n.get("/quotes/bob-" + i, "apikey", bob.key()).statusCode()).isEqualTo(200);
      assertThat(n.get("/quotes/anonymous").statusCode()).isEqualTo(401); // no consumer: nobody's

      // the writer commits within a second; wait for the last calls of each
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        assertThat(paths(calls(ada, ""))).contains("/quotes/ada-0", "/quotes/ada-1", "/quotes/ada-2");
        assertThat(paths(calls(bob, ""))).contains("/quotes/bob-0", "/quotes/bob-1");
      });

      for (Dev d : List.of(ada, bob)) {
        JsonNode mine = calls(d, "");
        assertThat(mine).allSatisfy(c -> assertThat(c.path("consumer").path("id").asText()).as(c.toString()).isEqualTo(d.consumerId()));
        long errors = 0;
        for (JsonNode c : mine) if (c.get("response").get("status").asInt() >= 400) errors++;
        // the usage counts are over the same calls: hourly rows and the two weeks both sum to the list
        AdminClient.Resp usage = d.api().get("/applications/" + d.appId() + "/usage");
        assertThat(usage.status()).as(usage.toString()).isEqualTo(200);
        JsonNode u = usage.json();
        assertThat(u.get("bucket").asText()).isEqualTo("hour");
        long hourly = 0;
        long hourlyErrors = 0;
        for (JsonNode row : u.get("data")) {
          hourly += row.get("requests").asLong();
          hourlyErrors += row.get("errors").asLong();
          assertThat(row.get("latency").get("p99").asDouble()).isGreaterThanOrEqualTo(row.get("latency").get("p50").asDouble());
        }
        assertThat(hourly).isEqualTo(mine.size());
        assertThat(hourlyErrors).isEqualTo(errors);
        assertThat(u.get("this_week").path("requests").asLong() + u.get("last_week").path("requests").asLong())
            .isEqualTo(mine.size());
        assertThat(d.api().get("/applications/" + d.appId() + "/usage?bucket=day").json().get("data").get(0)
            .get("requests").asLong()).isEqualTo(mine.size());
      }
      assertThat(paths(calls(ada, ""))).noneMatch(p -> p.startsWith("/quotes/bob") || p.equals("/quotes/anonymous"));
      assertThat(paths(calls(bob, ""))).noneMatch(p -> p.startsWith("/quotes/ada") || p.equals("/quotes/anonymous"));

      // filters and paging of the call log carry over; a filter on another consumer cannot widen the view
      assertThat(paths(calls(ada, "&status=2xx"))).contains("/quotes/ada-0", "/quotes/ada-1", "/quotes/ada-2");
      assertThat(calls(ada, "&status=5xx")).isEmpty();
      assertThat(paths(calls(ada, "&consumer=" + bob.consumerId()))).noneMatch(p -> p.startsWith("/quotes/bob"));
      JsonNode first = ada.api().get("/applications/" + ada.appId() + "/calls?size=2").json();
      assertThat(first.get("data")).hasSize(2);
      JsonNode second = ada.api().get("/applications/" + ada.appId() + "/calls?size=2&offset=" + first.get("offset").asText()).json();
      List<String> newestThree = new ArrayList<>(paths(first.get("data")));
      newestThree.add(paths(second.get("data")).getFirst());
      // the newest three are the last three calls (two may share a millisecond: any order among them)
      assertThat(newestThree).containsExactlyInAnyOrder("/quotes/ada-0", "/quotes/ada-1", "/quotes/ada-2");

      // the other developer's application does not exist for Ada
      for (String what : List.of("calls", "usage")) {
        AdminClient.Resp other = ada.api().get("/applications/" + bob.appId() + "/" + what);
        assertThat(other.status()).as(other.toString()).isEqualTo(404);
        assertThat(other.message()).isEqualTo("Not found");
      }
      assertThat(PortalIT.portalApi(n).get("/applications/" + ada.appId() + "/calls").status()).isEqualTo(401);
      AdminClient.Resp badBucket = ada.api().get("/applications/" + ada.appId() + "/usage?bucket=minute");
      assertThat(badBucket.status()).isEqualTo(400);
      assertThat(badBucket.json().get("name").asText()).isEqualTo("invalid options");
      assertThat(ada.api().get("/applications/" + ada.appId() + "/calls?offset=nope").status()).isEqualTo(400);
    }
  }

  @Test
  void with_the_call_log_off_the_usage_endpoints_say_so() throws Exception {
    Map<String, String> conf = PortalIT.portalSettings(StoreKind.SQLITE);
    conf.put("portal_auto_approve", "on");
    conf.put("analytics", "off");
    try (WholeNode n = new WholeNode(dir, conf)) {
      publishQuotes(n);
      Dev ada = developer(n, "ada@example.com", "ada-app");
      for (String what : List.of("calls", "usage")) {
        AdminClient.Resp off = ada.api().get("/applications/" + ada.appId() + "/" + what);
        assertThat(off.status()).as(off.toString()).isEqualTo(501);
        assertThat(off.message()).contains("analytics = off");
      }
    }
  }
}
