package io.gatehouse.plugins.oauth2;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static io.gatehouse.plugins.testing.PluginGateway.upstreamHeaders;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResourceOwnerPasswordCredentialsGrant;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.keyauth.KeyAuthPlugin;
import io.gatehouse.plugins.testing.PluginGateway;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import io.gatehouse.proxy.plugins.OffLoopRecords;
import io.gatehouse.sdk.NodeServices;
import io.gatehouse.sdk.PluginRecords;
import io.gatehouse.sdk.SharedCounters;
import io.gatehouse.store.dbless.DblessConfigStore;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * oauth2 driven by Nimbus' OAuth 2.0 SDK (the client side) against a real proxy, as Kong's
 * spec/03-plugins/25-oauth2 does it: the gateway trusts 127.0.0.1, so X-Forwarded-Proto: https
 * counts as terminated TLS on the trusting node only.
 */
class OAuth2IT {
  static OffLoopRecords records;
  static PluginGateway gw;
  static PluginGateway untrusting;
  static String provisionKey;
  static final String SECRET = "s3cr3t";

  static PluginGateway node(boolean trust) {
    OAuth2Plugin oauth2 = new OAuth2Plugin();
    oauth2.start(new NodeServices() {
      @Override
      public Optional<SharedCounters> sharedCounters() {
        return Optional.empty();
      }

      @Override
      public Optional<PluginRecords> pluginRecords() {
        return Optional.of(records);
      }
    });
    PluginGateway g = new PluginGateway(LoadedPlugins.of(oauth2, new KeyAuthPlugin()),
        b -> trust ? b.trustedIps(List.of("127.0.0.1")) : b);
    ObjectNode alice = g.insert("consumers", "{\"id\":\"44444444-4444-4444-8444-444444444444\",\"username\":\"alice\"}");
    g.insert("oauth2_credentials", "{\"name\":\"app\",\"client_id\":\"app-id\",\"client_secret\":\"" + SECRET
        + "\",\"redirect_uris\":[\"https://app.test/cb\"]," + ref("consumer", alice) + "}");
    g.insert("oauth2_credentials", "{\"name\":\"spa\",\"client_id\":\"spa-id\",\"client_type\":\"public\","
        + "\"redirect_uris\":[\"https://spa.test/cb\"]," + ref("consumer", alice) + "}");
    ObjectNode route = g.serviceAndRoute("/api");
    ObjectNode plugin = g.plugin("oauth2", "{\"provision_key\":\"pk\",\"scopes\":[\"email\",\"profile\"],"
        + "\"enable_authorization_code\":true,\"enable_client_credentials\":true,\"enable_password_grant\":true,"
        + "\"enable_implicit_grant\":true,\"accept_http_if_already_terminated\":true}", ref("route", route));
    provisionKey = plugin.get("config").get("provision_key").asText();
    g.apply();
    return g;
  }

  @BeforeAll
  static void start() {
    records = new OffLoopRecords(DblessConfigStore.records(System::currentTimeMillis), 1);
    gw = node(true);
    untrusting = node(false);
  }

  @AfterAll
  static void stop() {
    gw.close();
    untrusting.close();
    records.close();
  }

  static URI tokenEndpoint(PluginGateway g) {
    return URI.create("http://127.0.0.1:" + g.port() + "/api/oauth2/token");
  }

  static TokenResponse token(PluginGateway g, TokenRequest request) throws Exception {
    HTTPRequest http = request.toHTTPRequest();
    http.setHeader("X-Forwarded-Proto", "https");
    return TokenResponse.parse(http.send());
  }

  static TokenRequest.Builder basic(AuthorizationGrant grant) {
    return new TokenRequest.Builder(tokenEndpoint(gw), new ClientSecretBasic(new ClientID("app-id"), new Secret(SECRET)), grant);
  }

  /** The application's login page: POST /oauth2/authorize with the provision key, as Kong documents. */
  static JsonNode authorize(PluginGateway g, String clientId, String responseType, String extra) {
    String form = "client_id=" + clientId + "&response_type=" + responseType + "&provision_key=" + provisionKey
        + "&authenticated_userid=user-1&scope=email&state=xyz" + extra;
    HttpResponse<String> r = g.send("POST", "/api/oauth2/authorize", HttpRequest.BodyPublishers.ofString(form),
        "Content-Type", "application/x-www-form-urlencoded", "X-Forwarded-Proto", "https");
    return Json.parse(r.body());
  }

  static HttpResponse<String> call(String accessToken) {
    return gw.get("/api/data", "Authorization", "Bearer " + accessToken);
  }

  @Test
  void client_credentials_token_opens_the_api_and_names_the_consumer() throws Exception {
    TokenResponse r = token(gw, basic(new ClientCredentialsGrant()).scope(new com.nimbusds.oauth2.sdk.Scope("email")).build());
    assertThat(r.indicatesSuccess()).as(String.valueOf(r.toHTTPResponse().getBody())).isTrue();
    AccessTokenResponse ok = r.toSuccessResponse();
    assertThat(ok.getTokens().getAccessToken().getLifetime()).isEqualTo(7200);
    assertThat(ok.getTokens().getRefreshToken()).isNull(); // Kong: no refresh token for client credentials
    HttpResponse<String> api = call(ok.getTokens().getAccessToken().getValue());
    assertThat(api.statusCode()).isEqualTo(200);
    JsonNode up = upstreamHeaders(api);
    assertThat(up.get("x-consumer-username").asText()).isEqualTo("alice");
    assertThat(up.get("x-credential-identifier").asText()).isEqualTo("app-id");
    assertThat(up.get("x-authenticated-scope").asText()).isEqualTo("email");
  }

  @Test
  void authorization_code_with_pkce_then_refresh() throws Exception {
    CodeVerifier verifier = new CodeVerifier();
    String challenge = CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue();
    JsonNode auth = authorize(gw, "spa-id", "code", "&code_challenge=" + challenge + "&code_challenge_method=S256");
    URI redirect = URI.create(auth.get("redirect_uri").asText());
    assertThat(redirect.getHost()).isEqualTo("spa.test");
    Map<String, Object> query = Params.query(redirect.getRawQuery());
    assertThat(query.get("state")).isEqualTo("xyz");
    String code = (String) query.get("code");

    TokenRequest wrong = new TokenRequest.Builder(tokenEndpoint(gw), new ClientID("spa-id"),
        new AuthorizationCodeGrant(new AuthorizationCode(code), URI.create("https://spa.test/cb"), new CodeVerifier())).build();
    TokenErrorResponse denied = token(gw, wrong).toErrorResponse();
    assertThat(denied.getErrorObject().getCode()).isEqualTo("invalid_grant");
    assertThat(denied.getErrorObject().getDescription()).isEqualTo("Invalid code");

    TokenRequest right = new TokenRequest.Builder(tokenEndpoint(gw), new ClientID("spa-id"),
        new AuthorizationCodeGrant(new AuthorizationCode(code), URI.create("https://spa.test/cb"), verifier)).build();
    AccessTokenResponse ok = token(gw, right).toSuccessResponse();
    assertThat(upstreamHeaders(call(ok.getTokens().getAccessToken().getValue())).get("x-authenticated-userid").asText())
        .isEqualTo("user-1");
    assertThat(token(gw, right).indicatesSuccess()).as("a code is used once").isFalse();

    RefreshToken refresh = ok.getTokens().getRefreshToken();
    TokenRequest refreshing = new TokenRequest.Builder(tokenEndpoint(gw), new ClientID("spa-id"), new RefreshTokenGrant(refresh)).build();
    AccessTokenResponse renewed = token(gw, refreshing).toSuccessResponse();
    assertThat(call(renewed.getTokens().getAccessToken().getValue()).statusCode()).isEqualTo(200);
    assertThat(call(ok.getTokens().getAccessToken().getValue()).statusCode()).as("the refreshed token is gone").isEqualTo(401);
    assertThat(token(gw, refreshing).indicatesSuccess()).as("a refresh token is used once").isFalse();
  }

  @Test
  void public_clients_need_pkce_and_confidential_ones_their_secret() {
    JsonNode noPkce = authorize(gw, "spa-id", "code", "");
    assertThat(noPkce.get("redirect_uri").asText()).contains("error=invalid_request")
        .contains("code_challenge%20is%20required%20for%20public%20clients");
    JsonNode badKey = Json.parse(gw.send("POST", "/api/oauth2/authorize",
        HttpRequest.BodyPublishers.ofString("client_id=app-id&response_type=code&provision_key=nope&authenticated_userid=u"),
        "Content-Type", "application/x-www-form-urlencoded", "X-Forwarded-Proto", "https").body());
    assertThat(badKey.get("error").asText()).isEqualTo("invalid_provision_key");
  }

  @Test
  void password_grant_and_wrong_client_secret() throws Exception {
    TokenRequest pw = new TokenRequest.Builder(tokenEndpoint(gw), new ClientSecretBasic(new ClientID("app-id"), new Secret(SECRET)),
        new ResourceOwnerPasswordCredentialsGrant("user-2", new Secret("ignored")))
        .customParameter("provision_key", provisionKey).customParameter("authenticated_userid", "user-2").build();
    AccessTokenResponse ok = token(gw, pw).toSuccessResponse();
    assertThat(ok.getTokens().getRefreshToken()).isNotNull();
    assertThat(upstreamHeaders(call(ok.getTokens().getAccessToken().getValue())).get("x-authenticated-userid").asText())
        .isEqualTo("user-2");

    TokenRequest bad = new TokenRequest.Builder(tokenEndpoint(gw), new ClientSecretBasic(new ClientID("app-id"), new Secret("wrong")),
        new ClientCredentialsGrant()).build();
    HTTPRequest http = bad.toHTTPRequest();
    http.setHeader("X-Forwarded-Proto", "https");
    var response = http.send();
    assertThat(response.getStatusCode()).isEqualTo(401);
    assertThat(response.getHeaderValue("WWW-Authenticate")).isEqualTo("Basic realm=\"OAuth2.0\"");
    assertThat(TokenErrorResponse.parse(response).getErrorObject().getCode()).isEqualTo("invalid_client");
  }

  @Test
  void implicit_grant_puts_the_token_in_the_fragment() {
    JsonNode r = authorize(gw, "app-id", "token", "");
    URI redirect = URI.create(r.get("redirect_uri").asText());
    Map<String, Object> fragment = Params.query(redirect.getRawFragment());
    assertThat(fragment.get("token_type")).isEqualTo("bearer");
    assertThat(fragment).doesNotContainKey("refresh_token");
    assertThat(call((String) fragment.get("access_token")).statusCode()).isEqualTo(200);
  }

  @Test
  void forwarded_proto_counts_only_from_trusted_peers_and_bad_tokens_get_kongs_errors() throws Exception {
    TokenRequest cc = basic(new ClientCredentialsGrant()).build();
    HTTPRequest http = new TokenRequest.Builder(tokenEndpoint(untrusting),
        new ClientSecretBasic(new ClientID("app-id"), new Secret(SECRET)), new ClientCredentialsGrant()).build().toHTTPRequest();
    http.setHeader("X-Forwarded-Proto", "https");
    TokenErrorResponse denied = TokenErrorResponse.parse(http.send());
    assertThat(denied.getErrorObject().getCode()).isEqualTo("access_denied");
    assertThat(denied.getErrorObject().getDescription()).isEqualTo("You must use HTTPS");
    assertThat(token(gw, cc).indicatesSuccess()).isTrue();

    HttpResponse<String> missing = gw.get("/api/data");
    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(Json.parse(missing.body()).get("error_description").asText()).isEqualTo("The access token is missing");
    assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    HttpResponse<String> invalid = call("not-a-token");
    assertThat(invalid.statusCode()).isEqualTo(401);
    assertThat(Json.parse(invalid.body()).get("error").asText()).isEqualTo("invalid_token");
    HttpResponse<String> get = gw.get("/api/oauth2/token");
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(Json.parse(get.body()).get("error_description").asText())
        .isEqualTo("The HTTP method GET is invalid for the token endpoint");
  }

  @Test
  void admin_api_lists_shows_and_revokes_tokens_without_their_secrets() throws Exception {
    OAuth2Plugin plugin = new OAuth2Plugin();
    plugin.start(new NodeServices() {
      @Override
      public Optional<SharedCounters> sharedCounters() {
        return Optional.empty();
      }

      @Override
      public Optional<PluginRecords> pluginRecords() {
        return Optional.of(records);
      }
    });
    Map<String, io.gatehouse.sdk.AdminEndpoint> endpoints = new java.util.HashMap<>();
    plugin.adminEndpoints().forEach(e -> endpoints.put(e.method() + " " + e.template(), e));
    String access = token(gw, basic(new ClientCredentialsGrant()).build()).toSuccessResponse()
        .getTokens().getAccessToken().getValue();
    var shown = endpoints.get("GET /oauth2_tokens/{token}").handler().apply(Map.of("token", access));
    assertThat(shown.status()).isEqualTo(200);
    String json = Json.MAPPER.writeValueAsString(shown.body());
    assertThat(json).contains("\"token_type\":\"bearer\"").doesNotContain(access);
    String id = Json.parse(json).get("id").asText();
    var listed = endpoints.get("GET /oauth2_tokens").handler().apply(Map.of());
    assertThat(Json.MAPPER.writeValueAsString(listed.body())).contains(id).doesNotContain(access);
    assertThat(endpoints.get("DELETE /oauth2_tokens/{token}").handler().apply(Map.of("token", id)).status()).isEqualTo(204);
    assertThat(call(access).statusCode()).isEqualTo(401);
    assertThat(endpoints.get("GET /oauth2_tokens/{token}").handler().apply(Map.of("token", id)).status()).isEqualTo(404);
  }
}
