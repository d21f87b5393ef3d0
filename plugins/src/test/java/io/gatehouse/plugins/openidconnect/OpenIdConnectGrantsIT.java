package io.gatehouse.plugins.openidconnect;

import static io.gatehouse.plugins.testing.PluginGateway.upstreamHeaders;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.PluginGateway;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import io.gatehouse.testsupport.OidcProvider;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Introspection (RFC 7662) of opaque tokens with caching, and the password and client credentials
 * grants the gateway makes at the provider's token endpoint with the client's credentials, against
 * a real OpenID provider on loopback.
 */
class OpenIdConnectGrantsIT {
  static final AtomicLong clock = new AtomicLong(System.currentTimeMillis());
  static OidcProvider idp;
  static PluginGateway gw;

  @BeforeAll
  static void start() {
    idp = OidcProvider.start(clock::get).client("gateway", "gateway-secret").client("service-a", "a-secret")
        .user("alice", "wonderland", Map.of("preferred_username", "alice", "groups", List.of("staff")));
    gw = new PluginGateway(LoadedPlugins.of(new OpenIdConnectPlugin(clock::get)));
    gw.insert("consumers", "{\"username\":\"alice\"}");
    String client = "\"issuer\":\"" + idp.issuer() + "\",\"client_id\":[\"gateway\"],\"client_secret\":[\"gateway-secret\"]";
    route("/introspect", "{" + client + ",\"auth_methods\":[\"introspection\"],\"scopes_required\":[\"read\"],"
        + "\"upstream_introspection_header\":\"x-introspection\"}");
    route("/introspect-nocache", "{" + client + ",\"auth_methods\":[\"introspection\"],\"cache_introspection\":false}");
    route("/password", "{" + client + ",\"auth_methods\":[\"password\"],\"consumer_claim\":[\"preferred_username\"],"
        + "\"authenticated_groups_claim\":[\"groups\"],\"upstream_headers_claims\":[\"groups\"],\"upstream_headers_names\":[\"x-groups\"]}");
    route("/client", "{\"issuer\":\"" + idp.issuer() + "\",\"auth_methods\":[\"client_credentials\"],\"scopes\":[\"svc\"]}");
    route("/client-other", "{\"issuer\":\"" + idp.issuer() + "\",\"auth_methods\":[\"client_credentials\"],\"scopes\":[\"other\"]}");
    route("/client-post", "{\"issuer\":\"" + idp.issuer() + "\",\"auth_methods\":[\"client_credentials\"],"
        + "\"client_auth\":[\"client_secret_post\"],\"cache_tokens\":false}");
    gw.apply();
  }

  static void route(String path, String config) {
    gw.plugin("openid-connect", config, PluginGateway.ref("route", gw.serviceAndRoute(path)));
  }

  @AfterAll
  static void stop() {
    gw.close();
    idp.close();
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void opaque_tokens_are_introspected_and_the_answer_cached() {
    String token = idp.opaqueToken(idp.claims("svc-1", 300).claim("scope", "read write").build());
    int before = idp.hits("introspect");
    HttpResponse<String> r = gw.get("/introspect", "Authorization", "Bearer " + token);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(upstreamHeaders(r).get("x-credential-identifier").asText()).isEqualTo("svc-1");
    String introspection = new String(Base64.getUrlDecoder().decode(upstreamHeaders(r).get("x-introspection").asText()),
        StandardCharsets.UTF_8);
    assertThat(Json.parse(introspection).get("active").asBoolean()).isTrue();
    assertThat(gw.get("/introspect", "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);
    assertThat(idp.hits("introspect")).isEqualTo(before + 1);
    // revoked at the provider: a cached answer still serves, an uncached instance asks and is refused
    idp.revoke(token);
    assertThat(gw.get("/introspect", "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);
    HttpResponse<String> revoked = gw.get("/introspect-nocache", "Authorization", "Bearer " + token);
    assertThat(revoked.statusCode()).isEqualTo(401);
    assertThat(revoked.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"127.0.0.1\", error=\"invalid_token\"");
    assertThat(idp.hits("introspect")).isEqualTo(before + 2);
  }

  @Test
  void introspected_claims_are_checked() {
    String writeOnly = idp.opaqueToken(idp.claims("svc-2", 300).claim("scope", "write").build());
    assertThat(gw.get("/introspect", "Authorization", "Bearer " + writeOnly).statusCode()).isEqualTo(403);
    assertThat(gw.get("/introspect", "Authorization", "Bearer unknown-token").statusCode()).isEqualTo(401);
  }

  @Test
  void the_password_grant_logs_in_a_user_and_sends_the_access_token_upstream() throws Exception {
    int before = idp.hits("token");
    HttpResponse<String> r = gw.get("/password", "Authorization", basic("alice", "wonderland"));
    assertThat(r.statusCode()).isEqualTo(200);
    var h = upstreamHeaders(r);
    assertThat(h.get("x-consumer-username").asText()).isEqualTo("alice");
    assertThat(h.get("x-groups").asText()).isEqualTo("staff");
    String bearer = h.get("authorization").asText();
    assertThat(bearer).startsWith("Bearer ");
    JWTClaimsSet claims = SignedJWT.parse(bearer.substring(7)).getJWTClaimsSet();
    assertThat(claims.getSubject()).isEqualTo("alice");
    assertThat(claims.getAudience()).containsExactly("gateway");
    // the token answer is cached: no second grant
    assertThat(gw.get("/password", "Authorization", basic("alice", "wonderland")).statusCode()).isEqualTo(200);
    assertThat(idp.hits("token")).isEqualTo(before + 1);
    // username and password as form arguments
    HttpResponse<String> form = gw.send("POST", "/password", HttpRequest.BodyPublishers.ofString(
        "username=alice&password=wonderland"), "Content-Type", "application/x-www-form-urlencoded");
    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(gw.get("/password", "Authorization", basic("alice", "wrong")).statusCode()).isEqualTo(401);
    assertThat(gw.get("/password").statusCode()).isEqualTo(401);
  }

  @Test
  void the_client_credentials_grant_uses_the_clients_own_credentials() throws Exception {
    int before = idp.hits("token");
    HttpResponse<String> r = gw.get("/client", "Authorization", basic("service-a", "a-secret"));
    assertThat(r.statusCode()).isEqualTo(200);
    JWTClaimsSet claims = SignedJWT.parse(upstreamHeaders(r).get("authorization").asText().substring(7)).getJWTClaimsSet();
    assertThat(claims.getSubject()).isEqualTo("service-a");
    assertThat(claims.getStringClaim("scope")).isEqualTo("svc");
    assertThat(gw.get("/client", "Authorization", basic("service-a", "a-secret")).statusCode()).isEqualTo(200);
    assertThat(idp.hits("token")).isEqualTo(before + 1);
    assertThat(gw.get("/client", "Authorization", basic("service-a", "nope")).statusCode()).isEqualTo(401);
    // an instance asking for other scopes gets its own token, not the cached one
    HttpResponse<String> other = gw.get("/client-other", "Authorization", basic("service-a", "a-secret"));
    assertThat(SignedJWT.parse(upstreamHeaders(other).get("authorization").asText().substring(7)).getJWTClaimsSet()
        .getStringClaim("scope")).isEqualTo("other");
    // client_id and client_secret as query arguments, sent to the provider with client_secret_post, not cached
    assertThat(gw.get("/client-post?client_id=service-a&client_secret=a-secret").statusCode()).isEqualTo(200);
    assertThat(gw.get("/client-post?client_id=service-a&client_secret=a-secret").statusCode()).isEqualTo(200);
    assertThat(idp.hits("token")).isEqualTo(before + 5);
  }
}
