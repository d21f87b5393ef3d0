package io.gatehouse.plugins.openidconnect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.PluginGateway;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import io.gatehouse.testsupport.OidcProvider;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The authorization code flow as a browser lives it (the JDK client following redirects with a
 * cookie jar): redirect to a real OpenID provider with state, nonce and a PKCE challenge, the
 * callback on the route, the code exchange, the session cookie, and the refresh of an expired access
 * token with the refresh token.
 */
class OpenIdConnectCodeFlowIT {
  static final AtomicLong clock = new AtomicLong(System.currentTimeMillis());
  static OidcProvider idp;
  static PluginGateway gw;

  @BeforeAll
  static void start() {
    idp = OidcProvider.start(clock::get).client("web", "web-secret")
        .user("alice", "wonderland", Map.of("preferred_username", "alice")).loginAs("alice").accessTokenSeconds(60);
    gw = new PluginGateway(LoadedPlugins.of(new OpenIdConnectPlugin(clock::get)));
    gw.insert("consumers", "{\"username\":\"alice\"}");
    gw.plugin("openid-connect", "{\"issuer\":\"" + idp.issuer() + "\",\"client_id\":[\"web\"],\"client_secret\":[\"web-secret\"],"
        + "\"auth_methods\":[\"authorization_code\",\"session\"],\"consumer_claim\":[\"preferred_username\"],"
        + "\"session_secret\":\"a-session-secret\",\"logout_uri_suffix\":\"/logout\","
        + "\"logout_redirect_uri\":[\"https://app.example/bye\"]}", PluginGateway.ref("route", gw.serviceAndRoute("/web")));
    gw.apply();
  }

  @AfterAll
  static void stop() {
    gw.close();
    idp.close();
  }

  static HttpClient browser(CookieManager jar, HttpClient.Redirect redirects) {
    return HttpClient.newBuilder().cookieHandler(jar).followRedirects(redirects).connectTimeout(Duration.ofSeconds(5)).build();
  }

  static HttpResponse<String> get(HttpClient c, String url) throws IOException, InterruptedException {
    return c.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  String base() {
    return "http://127.0.0.1:" + gw.port();
  }

  @Test
  void a_browser_logs_in_at_the_provider_and_stays_in_with_the_session_cookie() throws Exception {
    CookieManager jar = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    HttpResponse<String> r = get(browser(jar, HttpClient.Redirect.ALWAYS), base() + "/web/page?x=1");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.uri().toString()).isEqualTo(base() + "/web/page?x=1"); // back where it started, without code and state
    JsonNode echo = Json.parse(r.body());
    JsonNode h = echo.get("headers");
    assertThat(h.get("x-consumer-username").asText()).isEqualTo("alice");
    assertThat(SignedJWT.parse(h.get("authorization").asText().substring(7)).getJWTClaimsSet().getSubject()).isEqualTo("alice");
    assertThat(jar.getCookieStore().getCookies()).extracting(HttpCookie::getName).contains("session")
        .doesNotContain("authorization");
    // the next requests ride on the session: the provider is not asked again
    int tokens = idp.hits("token");
    int authorizations = idp.hits("authorize");
    HttpResponse<String> again = get(browser(jar, HttpClient.Redirect.NEVER), base() + "/web/other");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(Json.parse(again.body()).get("headers").get("x-consumer-username").asText()).isEqualTo("alice");
    assertThat(idp.hits("token")).isEqualTo(tokens);
    assertThat(idp.hits("authorize")).isEqualTo(authorizations);
  }

  @Test
  void the_redirect_carries_state_nonce_and_a_pkce_challenge_and_a_forged_state_is_refused() throws Exception {
    CookieManager jar = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    HttpClient manual = browser(jar, HttpClient.Redirect.NEVER);
    HttpResponse<String> toProvider = get(manual, base() + "/web/start");
    assertThat(toProvider.statusCode()).isEqualTo(302);
    String location = toProvider.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith(idp.issuer() + "/authorize?").contains("state=").contains("nonce=")
        .contains("code_challenge=").contains("code_challenge_method=S256").contains("client_id=web")
        .contains("redirect_uri=" + java.net.URLEncoder.encode(base() + "/web/start", java.nio.charset.StandardCharsets.UTF_8));
    assertThat(toProvider.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("authorization=") && c.contains("HttpOnly"));
    HttpResponse<String> callback = get(manual, location);
    String back = callback.headers().firstValue("Location").orElseThrow();
    assertThat(back).startsWith(base() + "/web/start?code=");
    String forged = back.replaceAll("state=[^&]+", "state=forged");
    HttpResponse<String> refused = get(manual, forged);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("session="));
    // a callback without the authorization cookie starts a new login instead of exchanging the code
    HttpResponse<String> stranger = get(browser(new CookieManager(), HttpClient.Redirect.NEVER), back);
    assertThat(stranger.statusCode()).isEqualTo(302);
    assertThat(stranger.headers().firstValue("Location").orElseThrow()).startsWith(idp.issuer() + "/authorize?");
  }

  @Test
  void an_expired_access_token_is_refreshed_with_the_refresh_token() throws Exception {
    CookieManager jar = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    assertThat(get(browser(jar, HttpClient.Redirect.ALWAYS), base() + "/web/refresh").statusCode()).isEqualTo(200);
    String firstCookie = cookie(jar, "session");
    int tokens = idp.hits("token");
    clock.addAndGet(61_000); // the access token lived 60 s
    HttpResponse<String> r = get(browser(jar, HttpClient.Redirect.NEVER), base() + "/web/refresh");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(idp.hits("token")).isEqualTo(tokens + 1);
    assertThat(cookie(jar, "session")).isNotEqualTo(firstCookie);
    var claims = SignedJWT.parse(Json.parse(r.body()).get("headers").get("authorization").asText().substring(7)).getJWTClaimsSet();
    assertThat(claims.getExpirationTime().getTime()).isGreaterThan(clock.get());
    // the renewed session serves without another refresh
    assertThat(get(browser(jar, HttpClient.Redirect.NEVER), base() + "/web/refresh").statusCode()).isEqualTo(200);
    assertThat(idp.hits("token")).isEqualTo(tokens + 1);
  }

  static String cookie(CookieManager jar, String name) {
    return jar.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow().getValue();
  }

  @Test
  void logout_drops_the_session_and_sends_the_browser_to_the_providers_end_session_endpoint() throws Exception {
    CookieManager jar = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    assertThat(get(browser(jar, HttpClient.Redirect.ALWAYS), base() + "/web/in").statusCode()).isEqualTo(200);
    HttpClient manual = browser(jar, HttpClient.Redirect.NEVER);
    assertThat(get(manual, base() + "/web/logout").statusCode()).as("GET is not a logout method").isEqualTo(200);
    HttpResponse<String> out = manual.send(HttpRequest.newBuilder(URI.create(base() + "/web/logout"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(out.statusCode()).isEqualTo(302);
    String location = out.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith(idp.issuer() + "/logout?id_token_hint=ey")
        .contains("post_logout_redirect_uri=https%3A%2F%2Fapp.example%2Fbye").contains("client_id=web");
    assertThat(out.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("session=;") && c.contains("Max-Age=0"));
    assertThat(jar.getCookieStore().getCookies()).extracting(HttpCookie::getName).doesNotContain("session");
    HttpResponse<String> after = get(manual, base() + "/web/in");
    assertThat(after.statusCode()).isEqualTo(302);
    assertThat(after.headers().firstValue("Location").orElseThrow()).startsWith(idp.issuer() + "/authorize?");
  }
}
