package io.gatehouse.plugins.keyauth;

import static io.gatehouse.plugins.testing.PluginGateway.id;
import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.PluginGateway;
import io.gatehouse.proxy.testing.EchoUpstream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kong's {@code hash_on = consumer}: the ring hashes the id of the consumer key-auth identified, and
 * falls back to {@code hash_fallback} when the request has no consumer (reference §6.2). A second
 * upstream over the same targets hashing a header shows which value was hashed: the same key lands
 * on the same point of identical rings.
 */
class HashOnConsumerIT {
  static PluginGateway gw;
  static final List<EchoUpstream> origins = new ArrayList<>();
  static final List<String> keys = new ArrayList<>();
  static final List<String> consumerIds = new ArrayList<>();

  @BeforeAll
  static void start() {
    gw = new PluginGateway();
    for (int i = 0; i < 3; i++) origins.add(EchoUpstream.start());
    ObjectNode byConsumer = gw.insert("upstreams", "{\"name\":\"by-consumer\",\"algorithm\":\"consistent-hashing\","
        + "\"hash_on\":\"consumer\",\"hash_fallback\":\"header\",\"hash_fallback_header\":\"X-Key\"}");
    ObjectNode byHeader = gw.insert("upstreams", "{\"name\":\"by-header\",\"algorithm\":\"consistent-hashing\","
        + "\"hash_on\":\"header\",\"hash_on_header\":\"X-Key\"}");
    for (ObjectNode u : List.of(byConsumer, byHeader)) {
      for (EchoUpstream o : origins) {
        gw.insert("targets", "{\"target\":\"127.0.0.1:" + o.port() + "\",\"weight\":100," + ref("upstream", u) + "}");
      }
    }
    ObjectNode consumerService = gw.insert("services", "{\"host\":\"by-consumer\",\"port\":80}");
    ObjectNode authed = gw.insert("routes", "{\"paths\":[\"/authed\"]," + ref("service", consumerService) + "}");
    gw.insert("routes", "{\"paths\":[\"/anonymous\"]," + ref("service", consumerService) + "}");
    gw.plugin("key-auth", "{}", ref("route", authed));
    ObjectNode headerService = gw.insert("services", "{\"host\":\"by-header\",\"port\":80}");
    gw.insert("routes", "{\"paths\":[\"/header\"]," + ref("service", headerService) + "}");
    for (int i = 0; i < 24; i++) {
      ObjectNode c = gw.consumer("user" + i);
      gw.insert("keyauth_credentials", "{\"key\":\"key-" + i + "\"," + ref("consumer", c) + "}");
      keys.add("key-" + i);
      consumerIds.add(id(c));
    }
    gw.apply();
  }

  @AfterAll
  static void stop() {
    gw.close();
    origins.forEach(EchoUpstream::close);
  }

  private static int port(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.parse(r.body()).get("port").asInt();
  }

  @Test
  void consumerIdIsHashedAndEachConsumerSticksToOneTarget() {
    Set<Integer> used = new HashSet<>();
    for (int i = 0; i < keys.size(); i++) {
      int first = port(gw.get("/authed", "apikey", keys.get(i)));
      for (int n = 0; n < 3; n++) {
        assertThat(port(gw.get("/authed", "apikey", keys.get(i)))).as("consumer %d sticks", i).isEqualTo(first);
      }
      // the same ring hashing the consumer id taken from a header picks the same target
      assertThat(port(gw.get("/header", "X-Key", consumerIds.get(i)))).as("consumer %d hashes its id", i)
          .isEqualTo(first);
      // and the X-Key header is ignored while a consumer is known
      assertThat(port(gw.get("/authed", "apikey", keys.get(i), "X-Key", "noise-" + i))).isEqualTo(first);
      used.add(first);
    }
    assertThat(used).as("24 consumers spread over the targets").hasSizeGreaterThan(1);
  }

  @Test
  void withoutAConsumerTheFallbackHeaderIsHashed() {
    Set<Integer> used = new HashSet<>();
    for (int i = 0; i < 24; i++) {
      String value = "anon-" + i;
      int expected = port(gw.get("/header", "X-Key", value));
      assertThat(port(gw.get("/anonymous", "X-Key", value))).as("fallback for %s", value).isEqualTo(expected);
      used.add(expected);
    }
    assertThat(used).hasSizeGreaterThan(1);
  }
}
