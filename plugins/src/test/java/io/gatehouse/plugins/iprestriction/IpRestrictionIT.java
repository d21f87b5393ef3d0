package io.gatehouse.plugins.iprestriction;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.PluginGateway;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ip-restriction against a real proxy, pinning the cases of Kong's spec/03-plugins/17-ip-restriction (reference plugins §9). */
class IpRestrictionIT {
  static PluginGateway gw;
  /** A second gateway trusting every peer's X-Forwarded-For, recursively (Kong's spec setup). */
  static PluginGateway forwarded;
  static ObjectNode changing;

  @BeforeAll
  static void start() {
    gw = new PluginGateway();
    gw.plugin("ip-restriction", "{\"deny\":[\"127.0.0.1\",\"127.0.0.2\"]}", ref("route", gw.serviceAndRoute("/deny")));
    gw.plugin("ip-restriction", "{\"deny\":[\"127.0.0.0/24\"]}", ref("route", gw.serviceAndRoute("/deny-cidr")));
    gw.plugin("ip-restriction", "{\"allow\":[\"127.0.0.2\"]}", ref("route", gw.serviceAndRoute("/allow-other")));
    gw.plugin("ip-restriction", "{\"allow\":[\"127.0.0.1\"]}", ref("route", gw.serviceAndRoute("/allow")));
    gw.plugin("ip-restriction", "{\"allow\":[\"0.0.0.0/0\",\"::/0\"]}", ref("route", gw.serviceAndRoute("/allow-all")));
    gw.plugin("ip-restriction", "{\"allow\":[\"127.0.0.0/8\"],\"deny\":[\"127.0.0.1\"]}", ref("route", gw.serviceAndRoute("/both")));
    gw.plugin("ip-restriction", "{\"deny\":[\"127.0.0.1\"],\"status\":401,\"message\":\"Forbidden\"}",
        ref("route", gw.serviceAndRoute("/custom")));
    changing = gw.plugin("ip-restriction", "{\"allow\":[\"127.0.0.1\"]}", ref("route", gw.serviceAndRoute("/changing")));
    // consumer scope: key-auth on the route, ip-restriction only for bob
    ObjectNode route = gw.serviceAndRoute("/by-consumer");
    ObjectNode bob = gw.consumer("bob");
    ObjectNode alice = gw.consumer("alice");
    gw.insert("keyauth_credentials", "{\"key\":\"bob-key\"," + ref("consumer", bob) + "}");
    gw.insert("keyauth_credentials", "{\"key\":\"alice-key\"," + ref("consumer", alice) + "}");
    gw.plugin("key-auth", "{}", ref("route", route));
    gw.plugin("ip-restriction", "{\"deny\":[\"127.0.0.1\"]}", ref("consumer", bob));
    gw.apply();

    forwarded = new PluginGateway(b -> b.trustedIps(List.of("0.0.0.0/0", "::/0")).realIpHeader("X-Forwarded-For")
        .realIpRecursive(true));
    forwarded.plugin("ip-restriction", "{\"deny\":[\"127.0.0.4\",\"2001:db8::/32\"]}", ref("route", forwarded.serviceAndRoute("/xff")));
    forwarded.plugin("ip-restriction", "{\"allow\":[\"::1\",\"10.0.0.0/8\"]}", ref("route", forwarded.serviceAndRoute("/xff-allow")));
    forwarded.apply();
  }

  @AfterAll
  static void stop() {
    gw.close();
    forwarded.close();
  }

  static void assertBlocked(HttpResponse<String> r, int status, String message) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode body = Json.parse(r.body());
    assertThat(body.get("message").asText()).isEqualTo(message);
    assertThat(body.get("request_id").asText()).isEqualTo(r.headers().firstValue("X-Kong-Request-Id").orElseThrow());
  }

  @Test
  void denied_ip_and_cidr_get_403_naming_the_address() {
    assertBlocked(gw.get("/deny"), 403, "IP address not allowed: 127.0.0.1");
    assertBlocked(gw.get("/deny-cidr"), 403, "IP address not allowed: 127.0.0.1");
  }

  @Test
  void allow_lists() {
    assertBlocked(gw.get("/allow-other"), 403, "IP address not allowed: 127.0.0.1");
    assertThat(gw.get("/allow").statusCode()).isEqualTo(200);
    assertThat(gw.get("/allow-all").statusCode()).isEqualTo(200);
  }

  @Test
  void deny_wins_over_allow() {
    assertBlocked(gw.get("/both"), 403, "IP address not allowed: 127.0.0.1");
  }

  @Test
  void custom_status_and_message() {
    assertBlocked(gw.get("/custom"), 401, "Forbidden");
  }

  @Test
  void forwarded_headers_count_only_from_trusted_peers() {
    // no trusted_ips: X-Forwarded-For and X-Real-IP are ignored
    assertThat(gw.get("/allow", "X-Forwarded-For", "10.1.1.1", "X-Real-IP", "10.1.1.1").statusCode()).isEqualTo(200);
    assertBlocked(gw.get("/deny", "X-Real-IP", "10.1.1.1"), 403, "IP address not allowed: 127.0.0.1");
    // trusted, recursive: the left-most of "127.0.0.4, 127.0.0.3" is the client
    assertBlocked(forwarded.get("/xff", "X-Forwarded-For", "127.0.0.4, 127.0.0.3"), 403, "IP address not allowed: 127.0.0.4");
    assertThat(forwarded.get("/xff", "X-Forwarded-For", "127.0.0.3").statusCode()).isEqualTo(200);
  }

  @Test
  void ipv6_addresses_and_ranges() {
    assertBlocked(forwarded.get("/xff", "X-Forwarded-For", "2001:db8::5"), 403, "IP address not allowed: 2001:db8::5");
    assertThat(forwarded.get("/xff", "X-Forwarded-For", "2001:db9::5").statusCode()).isEqualTo(200);
    assertThat(forwarded.get("/xff-allow", "X-Forwarded-For", "::1").statusCode()).isEqualTo(200);
    assertThat(forwarded.get("/xff-allow", "X-Forwarded-For", "10.9.8.7").statusCode()).isEqualTo(200);
    assertBlocked(forwarded.get("/xff-allow", "X-Forwarded-For", "::2"), 403, "IP address not allowed: ::2");
  }

  @Test
  void consumer_scoped_instance_applies_to_that_consumer_only() {
    assertBlocked(gw.get("/by-consumer", "apikey", "bob-key"), 403, "IP address not allowed: 127.0.0.1");
    assertThat(gw.get("/by-consumer", "apikey", "alice-key").statusCode()).isEqualTo(200);
  }

  @Test
  void config_changes_apply_without_restart() {
    assertThat(gw.get("/changing").statusCode()).isEqualTo(200);
    ((ObjectNode) changing.get("config")).set("allow", Json.array().add("127.0.0.2"));
    gw.apply();
    assertBlocked(gw.get("/changing"), 403, "IP address not allowed: 127.0.0.1");
    ((ObjectNode) changing.get("config")).set("allow", Json.array().add("127.0.0.1"));
    gw.apply();
    assertThat(gw.get("/changing").statusCode()).isEqualTo(200);
  }

  @Test
  void schema_checks() {
    assertThatThrownBy(() -> gw.plugin("ip-restriction", "{}", ""))
        .isInstanceOf(KongException.class)
        .hasMessage("schema violation (at least one of these fields must be non-empty: 'config.allow', 'config.deny')");
    assertThatThrownBy(() -> gw.plugin("ip-restriction", "{\"allow\":[]}", ""))
        .isInstanceOf(KongException.class).hasMessageContaining("at least one of these fields must be non-empty");
    assertThatThrownBy(() -> gw.plugin("ip-restriction", "{\"allow\":[\"10.0.0.0/33\"]}", ""))
        .isInstanceOf(KongException.class).hasMessageContaining("invalid ip or cidr range: '10.0.0.0/33'");
    assertThatThrownBy(() -> gw.plugin("ip-restriction", "{\"deny\":[\"example.com\"]}", ""))
        .isInstanceOf(KongException.class).hasMessageContaining("invalid ip or cidr range: 'example.com'");
    assertThat(gw.plugin("ip-restriction", "{\"deny\":[\"::1/128\"]}", "").get("protocols"))
        .isNotNull();
  }
}
