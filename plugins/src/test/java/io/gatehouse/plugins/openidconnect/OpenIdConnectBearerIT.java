package io.gatehouse.plugins.openidconnect;

import static io.gatehouse.plugins.testing.PluginGateway.upstreamHeaders;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.PluginGateway;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import io.gatehouse.testsupport.OidcProvider;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bearer JWTs against a real OpenID provider on loopback: discovery and JWKS fetched off the event
 * loop and cached, key rotation picked up (at most once per {@code rediscovery_lifetime}), expired,
 * forged, wrongly addressed and under-scoped tokens refused with Kong's 401/403, consumers mapped
 * by a claim, claims sent upstream as headers.
 */
class OpenIdConnectBearerIT {
  static final AtomicLong clock = new AtomicLong(System.currentTimeMillis());
  static OidcProvider idp;
  static OidcProvider slow;
  static PluginGateway gw;

  @BeforeAll
  static void start() {
    idp = OidcProvider.start(clock::get);
    slow = OidcProvider.start(clock::get).delay(java.time.Duration.ofMillis(1500));
    gw = new PluginGateway(LoadedPlugins.of(new OpenIdConnectPlugin(clock::get)));
    gw.insert("consumers", "{\"username\":\"alice\"}");
    String issuer = "\"issuer\":\"" + idp.issuer() + "\",\"auth_methods\":[\"bearer\"]";
    route("/plain", "{" + issuer + ",\"upstream_headers_claims\":[\"sub\",\"email\",\"groups\"],"
        + "\"upstream_headers_names\":[\"x-user\",\"x-email\",\"x-groups\"]}");
    route("/scoped", "{" + issuer + ",\"scopes_required\":[\"read write\",\"admin\"],\"audience_required\":[\"api\"]}");
    route("/consumer", "{" + issuer + ",\"consumer_claim\":[\"preferred_username\"],\"consumer_by\":[\"username\"]}");
    route("/optional", "{" + issuer + ",\"consumer_claim\":[\"preferred_username\"],\"consumer_optional\":true}");
    route("/leeway", "{" + issuer + ",\"leeway\":60}");
    route("/fast", "{" + issuer + ",\"rediscovery_lifetime\":0}");
    route("/errors", "{" + issuer + ",\"display_errors\":true}");
    route("/slow", "{\"issuer\":\"" + slow.issuer() + "\",\"auth_methods\":[\"bearer\"]}");
    gw.serviceAndRoute("/open");
    gw.apply();
  }

  static void route(String path, String config) {
    gw.plugin("openid-connect", config, PluginGateway.ref("route", gw.serviceAndRoute(path)));
  }

  @AfterAll
  static void stop() {
    gw.close();
    idp.close();
    slow.close();
  }

  static String token(JWTClaimsSet.Builder claims) {
    return idp.sign(claims.build());
  }

  static HttpResponse<String> call(String path, String token) {
    return gw.get(path, "Authorization", "Bearer " + token);
  }

  @Test
  void a_valid_token_passes_with_its_claims_as_upstream_headers() {
    String token = token(idp.claims("user-1", 300).claim("email", "u1@example.com").claim("groups", List.of("a", "b")));
    HttpResponse<String> r = call("/plain", token);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode h = upstreamHeaders(r);
    assertThat(h.get("x-user").asText()).isEqualTo("user-1");
    assertThat(h.get("x-email").asText()).isEqualTo("u1@example.com");
    assertThat(h.get("x-groups").asText()).isEqualTo("a, b");
    assertThat(h.get("authorization").asText()).isEqualTo("Bearer " + token);
    assertThat(h.get("x-credential-identifier").asText()).isEqualTo("user-1");
    assertThat(h.has("x-consumer-id")).isFalse();
    // the query and x-access-token places work too
    assertThat(gw.get("/plain?access_token=" + token).statusCode()).isEqualTo(200);
    assertThat(gw.get("/plain", "X-Access-Token", token).statusCode()).isEqualTo(200);
  }

  @Test
  void no_token_is_kongs_401() {
    HttpResponse<String> r = gw.get("/plain");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(Json.parse(r.body()).get("message").asText()).isEqualTo("Unauthorized");
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"127.0.0.1\"");
  }

  @Test
  void an_expired_token_is_refused_unless_within_leeway() {
    String expired = token(idp.claims("user-1", -30));
    HttpResponse<String> r = call("/plain", expired);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"127.0.0.1\", error=\"invalid_token\"");
    assertThat(call("/leeway", expired).statusCode()).isEqualTo(200);
    assertThat(call("/leeway", token(idp.claims("user-1", -90))).statusCode()).isEqualTo(401);
    HttpResponse<String> shown = call("/errors", expired);
    assertThat(Json.parse(shown.body()).get("message").asText()).isEqualTo("Unauthorized (token expired)");
    // not valid yet
    long now = clock.get();
    assertThat(call("/plain", token(idp.claims("user-1", 300).notBeforeTime(new java.util.Date(now + 120_000))))
        .statusCode()).isEqualTo(401);
  }

  @Test
  void forged_and_foreign_tokens_are_refused() throws Exception {
    // signed by another key under the provider's own key id
    String kid = com.nimbusds.jwt.SignedJWT.parse(token(idp.claims("x", 300))).getHeader().getKeyID();
    RSAKey impostor = new RSAKeyGenerator(2048).keyID(kid).generate();
    HttpResponse<String> forged = gw.get("/errors", "Authorization", "Bearer "
        + OidcProvider.signWith(impostor, idp.claims("user-1", 300).build()));
    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(Json.parse(forged.body()).get("message").asText()).isEqualTo("Unauthorized (invalid signature)");
    // a tampered payload
    String good = token(idp.claims("user-1", 300));
    String[] parts = good.split("\\.");
    String evil = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        idp.claims("admin", 300).build().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(call("/plain", parts[0] + "." + evil + "." + parts[2]).statusCode()).isEqualTo(401);
    // another issuer
    assertThat(call("/plain", token(idp.claims("user-1", 300).issuer("https://elsewhere.example"))).statusCode())
        .isEqualTo(401);
    // alg none
    String none = new com.nimbusds.jwt.PlainJWT(idp.claims("user-1", 300).build()).serialize();
    assertThat(call("/plain", none).statusCode()).isEqualTo(401);
    // garbage
    assertThat(call("/plain", "not-a-token").statusCode()).isEqualTo(401);
  }

  @Test
  void scopes_and_audience_are_checked_with_kongs_and_or_rules() {
    JWTClaimsSet.Builder base = idp.claims("user-1", 300).audience(List.of("api", "other"));
    assertThat(call("/scoped", token(base.claim("scope", "read write"))).statusCode()).isEqualTo(200);
    assertThat(call("/scoped", token(base.claim("scope", "openid admin"))).statusCode()).isEqualTo(200);
    HttpResponse<String> missing = call("/scoped", token(base.claim("scope", "read")));
    assertThat(missing.statusCode()).isEqualTo(403);
    assertThat(Json.parse(missing.body()).get("message").asText()).isEqualTo("Forbidden");
    assertThat(missing.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"127.0.0.1\", error=\"insufficient_scope\"");
    HttpResponse<String> wrongAudience = call("/scoped", token(idp.claims("user-1", 300).audience("someone-else")
        .claim("scope", "admin")));
    assertThat(wrongAudience.statusCode()).isEqualTo(403);
  }

  @Test
  void consumers_are_mapped_by_claim() {
    HttpResponse<String> r = call("/consumer", token(idp.claims("user-1", 300).claim("preferred_username", "alice")));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(upstreamHeaders(r).get("x-consumer-username").asText()).isEqualTo("alice");
    assertThat(upstreamHeaders(r).get("x-credential-identifier").asText()).isEqualTo("user-1");
    assertThat(call("/consumer", token(idp.claims("user-2", 300).claim("preferred_username", "bob"))).statusCode())
        .isEqualTo(403);
    HttpResponse<String> optional = call("/optional", token(idp.claims("user-2", 300).claim("preferred_username", "bob")));
    assertThat(optional.statusCode()).isEqualTo(200);
    assertThat(upstreamHeaders(optional).has("x-consumer-username")).isFalse();
  }

  @Test
  void rotated_keys_are_fetched_again_at_most_once_per_rediscovery_lifetime() {
    assertThat(call("/plain", token(idp.claims("user-1", 300))).statusCode()).isEqualTo(200); // keys are known
    int jwks = idp.hits("jwks");
    RSAKey old = idp.rotateKey();
    String fresh = token(idp.claims("user-1", 300));
    // the last discovery is younger than 30 s: no new fetch, the unknown key is refused
    for (int i = 0; i < 5; i++) {
      assertThat(call("/plain", fresh).statusCode()).isEqualTo(401);
    }
    assertThat(idp.hits("jwks")).isEqualTo(jwks);
    // rediscovery_lifetime 0: fetched again at once
    assertThat(call("/fast", fresh).statusCode()).isEqualTo(200);
    assertThat(idp.hits("jwks")).isEqualTo(jwks + 1);
    // now every instance of this issuer knows the new key, and no longer the old one
    assertThat(call("/plain", fresh).statusCode()).isEqualTo(200);
    assertThat(call("/plain", OidcProvider.signWith(old, idp.claims("user-1", 300).build())).statusCode()).isEqualTo(401);
    // 31 s later the default lifetime allows one more discovery
    idp.rotateKey();
    String newer = token(idp.claims("user-1", 300));
    assertThat(call("/plain", newer).statusCode()).isEqualTo(401);
    clock.addAndGet(31_000);
    assertThat(call("/plain", token(idp.claims("user-1", 300))).statusCode()).isEqualTo(200);
    assertThat(idp.hits("jwks")).isEqualTo(jwks + 2);
  }

  @Test
  void a_slow_provider_never_holds_up_the_event_loop() throws Exception {
    // the gateway runs one event loop: a discovery waited for on it would stall every request
    String token = slow.sign(slow.claims("user-1", 300).build());
    var pending = java.util.concurrent.CompletableFuture.supplyAsync(() -> call("/slow", token));
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
        .until(() -> slow.hits(".well-known/openid-configuration") == 1);
    long start = System.nanoTime();
    assertThat(gw.get("/open").statusCode()).isEqualTo(200);
    assertThat(call("/plain", token(idp.claims("user-1", 300))).statusCode()).isEqualTo(200);
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
    assertThat(pending.isDone()).isFalse(); // the slow discovery is still under way
    assertThat(pending.get(10, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }
}
