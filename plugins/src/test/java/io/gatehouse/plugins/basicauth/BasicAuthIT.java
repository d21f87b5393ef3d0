package io.gatehouse.plugins.basicauth;

import static io.gatehouse.plugins.testing.PluginGateway.id;
import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static io.gatehouse.plugins.testing.PluginGateway.upstreamHeaders;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.PluginGateway;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** basic-auth (reference plugins §4, spec/03-plugins/10-basic-auth). */
class BasicAuthIT {
  static PluginGateway gw;
  static ObjectNode bobCredential;

  @BeforeAll
  static void start() throws Exception {
    gw = new PluginGateway();
    ObjectNode bob = gw.consumer("bob");
    bobCredential = gw.insert("basicauth_credentials", "{\"username\":\"bob\",\"password\":\"kong\"," + ref("consumer", bob) + "}");
    ObjectNode colon = gw.consumer("colon");
    gw.insert("basicauth_credentials", "{\"username\":\"user321\",\"password\":\"password:123\"," + ref("consumer", colon) + "}");
    // a credential exported from Kong: sha1(password .. consumer_id), computed independently here
    ObjectNode legacy = gw.consumer("legacy");
    String sha1 = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
        .digest(("old-secret" + id(legacy)).getBytes(StandardCharsets.UTF_8)));
    gw.row("basicauth_credentials", "{\"id\":\"5f1b3b4e-34bd-4ac6-9d0c-2d9e0c0f5a11\",\"username\":\"legacy\",\"password\":\""
        + sha1 + "\"," + ref("consumer", legacy) + "}");
    gw.consumer("guest");
    gw.plugin("basic-auth", "{}", ref("route", gw.serviceAndRoute("/basic")));
    gw.plugin("basic-auth", "{\"hide_credentials\":true,\"realm\":\"api\"}", ref("route", gw.serviceAndRoute("/hidden")));
    gw.plugin("basic-auth", "{\"anonymous\":\"guest\"}", ref("route", gw.serviceAndRoute("/anon")));
    gw.apply();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static String basic(String userPass) {
    return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
  }

  private static void unauthorized(HttpResponse<String> r, String realm) {
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(Json.parse(r.body()).get("message").asText()).isEqualTo("Unauthorized");
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"" + realm + "\"");
  }

  @Test
  void passwords_are_stored_as_bcrypt() {
    assertThat(bobCredential.get("password").asText()).startsWith("$2b$10$").doesNotContain("kong");
  }

  @Test
  void valid_credentials() {
    HttpResponse<String> r = gw.get("/basic", "Authorization", basic("bob:kong"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(upstreamHeaders(r).get("x-consumer-username").asText()).isEqualTo("bob");
    assertThat(upstreamHeaders(r).get("x-credential-identifier").asText()).isEqualTo("bob");
    assertThat(upstreamHeaders(r).get("authorization").asText()).isEqualTo(basic("bob:kong"));
    assertThat(gw.get("/basic", "Authorization", basic("bob:kong")).statusCode()).as("cached verification").isEqualTo(200);
  }

  @Test
  void proxy_authorization_is_tried_first() throws Exception {
    assertThat(gw.raw("/basic", "Proxy-Authorization: " + basic("bob:kong")).status()).isEqualTo(200);
    assertThat(gw.raw("/basic", "Proxy-Authorization: " + basic("bob:wrong")).status()).isEqualTo(401);
    assertThat(gw.raw("/basic", "Proxy-Authorization: " + basic("nobody:x"), "Authorization: " + basic("bob:kong")).status())
        .as("unknown user in Proxy-Authorization falls back to Authorization").isEqualTo(200);
  }

  @Test
  void failures() {
    unauthorized(gw.get("/basic"), "service");
    unauthorized(gw.get("/basic", "Authorization", basic("bob:wrong")), "service");
    unauthorized(gw.get("/basic", "Proxy-Authorization", basic("bob:wrong")), "service");
    unauthorized(gw.get("/basic", "Authorization", basic(":kong")), "service");
    unauthorized(gw.get("/basic", "Authorization", basic("bob")), "service");
    unauthorized(gw.get("/basic", "Authorization", "Basic a" + basic("bob:kong").substring(6)), "service");
    assertThat(gw.get("/basic", "Authorization", basic("bob:wrong")).body()).doesNotContain("wrong");
  }

  @Test
  void passwords_may_contain_colons() {
    assertThat(gw.get("/basic", "Authorization", basic("user321:password:123")).statusCode()).isEqualTo(200);
  }

  @Test
  void kong_legacy_hashes_keep_working() {
    assertThat(gw.get("/basic", "Authorization", basic("legacy:old-secret")).statusCode()).isEqualTo(200);
    unauthorized(gw.get("/basic", "Authorization", basic("legacy:other")), "service");
  }

  @Test
  void hidden_credentials_never_reach_the_upstream() {
    HttpResponse<String> r = gw.get("/hidden", "Authorization", basic("bob:kong"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(upstreamHeaders(r).has("authorization")).isFalse();
    unauthorized(gw.get("/hidden"), "api");
  }

  @Test
  void anonymous() {
    HttpResponse<String> r = gw.get("/anon", "Authorization", basic("bob:nope"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(upstreamHeaders(r).get("x-anonymous-consumer").asText()).isEqualTo("true");
    assertThat(upstreamHeaders(r).get("x-consumer-username").asText()).isEqualTo("guest");
  }
}
