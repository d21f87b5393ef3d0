package io.gatehouse.plugins.keyauth;

import static io.gatehouse.plugins.testing.PluginGateway.id;
import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static io.gatehouse.plugins.testing.PluginGateway.upstreamHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.PluginGateway;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** key-auth against a real proxy, pinning the cases of Kong's spec/03-plugins/09-key-auth (reference plugins §3). */
class KeyAuthIT {
  static PluginGateway gw;
  static ObjectNode bob;
  static ObjectNode bobKey;

  @BeforeAll
  static void start() {
    gw = new PluginGateway();
    bob = gw.consumer("bob");
    bobKey = gw.insert("keyauth_credentials", "{\"key\":\"kong\"," + ref("consumer", bob) + "}");
    gw.consumer("guest");
    gw.plugin("key-auth", "{}", ref("route", gw.serviceAndRoute("/default")));
    gw.plugin("key-auth", "{\"realm\":\"test-realm\"}", ref("route", gw.serviceAndRoute("/realm")));
    gw.plugin("key-auth", "{\"key_names\":[\"api_key\"],\"hide_credentials\":true}", ref("route", gw.serviceAndRoute("/hide")));
    gw.plugin("key-auth", "{\"run_on_preflight\":false}", ref("route", gw.serviceAndRoute("/preflight")));
    gw.plugin("key-auth", "{\"anonymous\":\"guest\"}", ref("route", gw.serviceAndRoute("/anon")));
    gw.plugin("key-auth", "{\"anonymous\":\"nobody\"}", ref("route", gw.serviceAndRoute("/anon-missing")));
    gw.plugin("key-auth", "{\"key_in_header\":false}", ref("route", gw.serviceAndRoute("/query-only")));
    gw.serviceAndRoute("/open");
    gw.apply();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static String message(HttpResponse<String> r) {
    return Json.parse(r.body()).get("message").asText();
  }

  @Test
  void missing_key_is_401_with_challenge_and_request_id() {
    HttpResponse<String> r = gw.get("/default");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(message(r)).isEqualTo("No API key found in request");
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Key");
    assertThat(Json.parse(r.body()).get("request_id").asText()).isEqualTo(r.headers().firstValue("X-Kong-Request-Id").orElseThrow());
  }

  @Test
  void empty_key_counts_as_missing() {
    assertThat(message(gw.get("/default?apikey="))).isEqualTo("No API key found in request");
    assertThat(message(gw.get("/default", "apikey", ""))).isEqualTo("No API key found in request");
  }

  @Test
  void invalid_key_is_unauthorized_and_never_echoed() {
    HttpResponse<String> r = gw.get("/default?apikey=secret-guess");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(message(r)).isEqualTo("Unauthorized");
    assertThat(r.body()).doesNotContain("secret-guess");
    assertThat(gw.get("/realm?apikey=x").headers().firstValue("WWW-Authenticate")).hasValue("Key realm=\"test-realm\"");
  }

  @Test
  void duplicate_keys_are_rejected() {
    assertThat(message(gw.get("/default?apikey=kong&apikey=kong"))).isEqualTo("Duplicate API key found");
    assertThat(message(gw.get("/default", "apikey", "kong", "apikey", "kong"))).isEqualTo("Duplicate API key found");
  }

  @Test
  void valid_key_in_header_or_query_sets_consumer_headers() {
    for (HttpResponse<String> r : new HttpResponse[] {gw.get("/default", "apikey", "kong"), gw.get("/default?apikey=kong")}) {
      assertThat(r.statusCode()).isEqualTo(200);
      var h = upstreamHeaders(r);
      assertThat(h.get("x-consumer-id").asText()).isEqualTo(id(bob));
      assertThat(h.get("x-consumer-username").asText()).isEqualTo("bob");
      assertThat(h.get("x-credential-identifier").asText()).isEqualTo(id(bobKey));
      assertThat(h.has("x-anonymous-consumer")).isFalse();
      assertThat(h.has("x-consumer-custom-id")).isFalse();
    }
    // hide_credentials defaults to false: the key travels on
    assertThat(upstreamHeaders(gw.get("/default", "apikey", "kong")).get("apikey").asText()).isEqualTo("kong");
  }

  @Test
  void spoofed_identity_headers_are_removed() {
    var h = upstreamHeaders(gw.get("/default?apikey=kong", "X-Consumer-Username", "admin", "X-Anonymous-Consumer", "true",
        "X-Consumer-Custom-ID", "evil"));
    assertThat(h.get("x-consumer-username").asText()).isEqualTo("bob");
    assertThat(h.has("x-anonymous-consumer")).isFalse();
    assertThat(h.has("x-consumer-custom-id")).isFalse();
    var open = upstreamHeaders(gw.get("/open", "X-Consumer-ID", "x", "X-Credential-Identifier", "y", "X-Consumer-Groups", "admin"));
    assertThat(open.has("x-consumer-id") || open.has("x-credential-identifier") || open.has("x-consumer-groups")).isFalse();
  }

  @Test
  void underscore_names_match_hyphenated_headers_and_hidden_credentials_never_reach_upstream() {
    for (String header : new String[] {"api_key", "api-key"}) {
      HttpResponse<String> r = gw.get("/hide", header, "kong");
      assertThat(r.statusCode()).as(header).isEqualTo(200);
      assertThat(upstreamHeaders(r).has("api_key") || upstreamHeaders(r).has("api-key")).isFalse();
    }
    HttpResponse<String> q = gw.get("/hide?c=value1&api_key=kong&b=value2&a=value3");
    assertThat(q.statusCode()).isEqualTo(200);
    assertThat(Json.parse(q.body()).get("uri").asText()).isEqualTo("/?c=value1&b=value2&a=value3");
  }

  @Test
  void preflight_skips_auth_only_when_configured() {
    assertThat(gw.send("OPTIONS", "/preflight").statusCode()).isEqualTo(200);
    HttpResponse<String> r = gw.send("OPTIONS", "/default");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(message(r)).isEqualTo("No API key found in request");
  }

  @Test
  void anonymous_consumer_is_applied_on_failure() {
    HttpResponse<String> r = gw.get("/anon?apikey=wrong");
    assertThat(r.statusCode()).isEqualTo(200);
    var h = upstreamHeaders(r);
    assertThat(h.get("x-anonymous-consumer").asText()).isEqualTo("true");
    assertThat(h.get("x-consumer-username").asText()).isEqualTo("guest");
    assertThat(h.has("x-credential-identifier")).isFalse();
    assertThat(upstreamHeaders(gw.get("/anon?apikey=kong")).get("x-consumer-username").asText()).isEqualTo("bob");
    HttpResponse<String> missing = gw.get("/anon-missing");
    assertThat(missing.statusCode()).isEqualTo(500);
    assertThat(message(missing)).isEqualTo("An unexpected error occurred");
  }

  @Test
  void header_lookup_can_be_disabled() {
    assertThat(gw.get("/query-only", "apikey", "kong").statusCode()).isEqualTo(401);
    assertThat(gw.get("/query-only?apikey=kong").statusCode()).isEqualTo(200);
    // the first location checked that has a value decides: right header, wrong query → 200
    assertThat(gw.get("/default?apikey=wrong", "apikey", "kong").statusCode()).isEqualTo(200);
  }

  @Test
  void keys_with_a_ttl_stop_working_once_expired() {
    try (PluginGateway own = new PluginGateway()) {
      ObjectNode c = own.consumer("temp");
      own.insert("keyauth_credentials", "{\"key\":\"short-lived\"," + ref("consumer", c) + "}").put("ttl", 1);
      own.plugin("key-auth", "{}", ref("route", own.serviceAndRoute("/ttl")));
      own.apply();
      assertThat(own.get("/ttl?apikey=short-lived").statusCode()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(5)).until(() -> own.get("/ttl?apikey=short-lived").statusCode() == 401);
    }
  }

  @Test
  void generated_keys_and_schema_errors() {
    ObjectNode generated = gw.insert("keyauth_credentials", "{" + ref("consumer", bob) + "}");
    assertThat(generated.get("key").asText()).matches("[A-Za-z0-9]{32}");
    assertThatThrownBy(() -> gw.plugin("key-auth", "{\"key_names\":[\"bad name\"]}", ""))
        .isInstanceOf(KongException.class)
        .hasMessageContaining("bad header name 'bad name', allowed characters are A-Z, a-z, 0-9, '_', and '-'");
    assertThatThrownBy(() -> gw.plugin("key-auth", "{}", ref("consumer", bob)))
        .isInstanceOf(KongException.class);
  }
}
