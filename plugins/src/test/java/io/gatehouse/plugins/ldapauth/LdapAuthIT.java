package io.gatehouse.plugins.ldapauth;

import static io.gatehouse.plugins.testing.PluginGateway.id;
import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static io.gatehouse.plugins.testing.PluginGateway.upstreamHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.PluginGateway;
import io.gatehouse.proxy.testing.RawClient;
import io.gatehouse.testsupport.SlapdServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ldap-auth against a real OpenLDAP slapd (plain, StartTLS, LDAPS), a port nobody listens on and a
 * server that never answers. Pins Kong 3.9's spec/03-plugins/20-ldap-auth/01-access_spec.lua.
 */
class LdapAuthIT {
  static final String BASE = "ou=scientists,dc=example,dc=com";
  static final String LDIF = """
      dn: dc=example,dc=com
      objectClass: dcObject
      objectClass: organization
      o: example
      dc: example

      dn: ou=scientists,dc=example,dc=com
      objectClass: organizationalUnit
      ou: scientists

      dn: uid=einstein,ou=scientists,dc=example,dc=com
      objectClass: inetOrgPerson
      uid: einstein
      cn: Albert Einstein
      sn: Einstein
      userPassword: password

      dn: uid=euclid,ou=scientists,dc=example,dc=com
      objectClass: inetOrgPerson
      uid: euclid
      cn: Euclid
      sn: Euclid
      userPassword: pass:word

      dn: uid=o\\,brien,ou=scientists,dc=example,dc=com
      objectClass: inetOrgPerson
      uid: o,brien
      cn: O'Brien
      sn: O'Brien
      userPassword: secret
      """;

  static SlapdServer ldap;
  static SlapdServer doomed; // stopped by the cache test
  static SlapdServer restarting; // restarted under kept connections
  static ServerSocket silent; // accepts, never answers
  static final List<Socket> silentClients = new ArrayList<>();
  static int refusedPort;
  static PluginGateway gw;
  static ObjectNode anonymous;
  static ObjectNode mickey;
  static ObjectNode mouseKey;

  @BeforeAll
  static void start() throws IOException {
    ldap = SlapdServer.start("dc=example,dc=com", LDIF);
    doomed = SlapdServer.start("dc=example,dc=com", LDIF);
    restarting = SlapdServer.start("dc=example,dc=com", LDIF);
    silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(() -> {
      while (!silent.isClosed()) {
        try {
          Socket s = silent.accept();
          synchronized (silentClients) {
            silentClients.add(s);
          }
        } catch (IOException e) {
          return;
        }
      }
    });
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      refusedPort = s.getLocalPort();
    }
    gw = new PluginGateway();
    anonymous = gw.consumer("no-body");
    mickey = gw.consumer("Mickey");
    mouseKey = gw.insert("keyauth_credentials", "{\"key\":\"Mouse\"," + ref("consumer", mickey) + "}");
    plugin("/ldap", "");
    plugin("/hide", ",\"hide_credentials\":true,\"cache_ttl\":2,\"realm\":\"test-ldap\"");
    plugin("/anon", ",\"anonymous\":\"" + id(anonymous) + "\"");
    plugin("/anon-name", ",\"anonymous\":\"no-body\"");
    plugin("/anon-missing", ",\"anonymous\":\"" + UUID.randomUUID() + "\"");
    plugin("/basic-type", ",\"header_type\":\"Basic\"");
    plugin("/basic-realm", ",\"header_type\":\"Basic\",\"realm\":\"test-ldap\"");
    plugin("/ldaps", ",\"ldaps\":true,\"ldap_port\":" + ldap.ldapsPort());
    plugin("/starttls", ",\"start_tls\":true");
    plugin("/untrusted", ",\"ldaps\":true,\"verify_ldap_host\":true,\"ldap_port\":" + ldap.ldapsPort());
    plugin("/refused", ",\"ldap_port\":" + refusedPort);
    plugin("/silent", ",\"ldap_port\":" + silent.getLocalPort() + ",\"timeout\":3000");
    plugin("/restarting", ",\"ldap_port\":" + restarting.port());
    plugin("/cached", ",\"ldap_port\":" + doomed.port() + ",\"cache_ttl\":3");
    gw.plugin("ldap-auth", "{\"ldap_host\":\"127.0.0.1\",\"ldap_port\":" + ldap.port()
        + ",\"base_dn\":\"dc=example,dc=com\",\"attribute\":\"uid\"}", ref("route", gw.serviceAndRoute("/root")));
    ObjectNode and = gw.serviceAndRoute("/and");
    gw.plugin("ldap-auth", config(""), ref("route", and));
    gw.plugin("key-auth", "{}", ref("route", and));
    ObjectNode or = gw.serviceAndRoute("/or");
    gw.plugin("ldap-auth", config(",\"anonymous\":\"" + id(anonymous) + "\""), ref("route", or));
    gw.plugin("key-auth", "{\"anonymous\":\"" + id(anonymous) + "\"}", ref("route", or));
    ObjectNode withSession = gw.serviceAndRoute("/session");
    gw.plugin("ldap-auth", config(",\"anonymous\":\"" + id(anonymous) + "\""), ref("route", withSession));
    gw.plugin("key-auth", "{\"anonymous\":\"" + id(anonymous) + "\"}", ref("route", withSession));
    gw.plugin("session", "{\"secret\":\"ldap-session-test-secret\"}", ref("route", withSession));
    gw.serviceAndRoute("/open");
    gw.apply();
  }

  private static String config(String extra) {
    return "{\"ldap_host\":\"127.0.0.1\",\"ldap_port\":" + ldap.port() + ",\"base_dn\":\"" + BASE
        + "\",\"attribute\":\"uid\"" + extra + "}";
  }

  private static void plugin(String path, String extra) {
    gw.plugin("ldap-auth", config(extra), ref("route", gw.serviceAndRoute(path)));
  }

  @AfterAll
  static void stop() throws IOException {
    if (gw != null) gw.close();
    if (ldap != null) ldap.close();
    if (doomed != null) doomed.close();
    if (restarting != null) restarting.close();
    if (silent != null) silent.close();
    synchronized (silentClients) {
      for (Socket s : silentClients) s.close();
    }
  }

  static String ldapAuth(String scheme, String userPass) {
    return scheme + " " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
  }

  static String ldapAuth(String userPass) {
    return ldapAuth("ldap", userPass);
  }

  static void unauthorized(HttpResponse<String> r, String challenge) {
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue(challenge);
    assertThat(Json.parse(r.body()).get("message").asText()).isEqualTo("Unauthorized");
  }

  static JsonNode headers(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return upstreamHeaders(r);
  }

  // Kong 3.9 session/header_filter.lua saves a session only for a consumer ("if consumer_id then"):
  // an ldap-auth user is a credential without one, so no cookie, while a key-auth consumer gets one
  @Test
  void session_opens_no_session_for_an_ldap_user_as_in_kong() {
    HttpResponse<String> ldapUser = gw.get("/session", "Authorization", ldapAuth("einstein:password"));
    assertThat(headers(ldapUser).get("x-credential-identifier").asText()).isEqualTo("einstein");
    assertThat(ldapUser.headers().allValues("Set-Cookie")).as("no consumer: no session").isEmpty();
    HttpResponse<String> consumer = gw.get("/session", "apikey", "Mouse");
    assertThat(headers(consumer).get("x-consumer-username").asText()).isEqualTo("Mickey");
    assertThat(consumer.headers().allValues("Set-Cookie")).as("the session plugin runs on this route")
        .anyMatch(c -> c.startsWith("session="));
  }

  @Test
  void missing_or_malformed_credentials_answer_401_with_the_ldap_challenge() {
    unauthorized(gw.get("/ldap"), "LDAP");
    unauthorized(gw.get("/ldap", "Authorization", "abcd"), "LDAP");
    unauthorized(gw.get("/ldap", "Authorization", "ldap "), "LDAP");
    unauthorized(gw.get("/ldap", "Authorization", ldapAuth("invalidldap", "einstein:password")), "LDAP");
    unauthorized(gw.get("/ldap", "Authorization", ldapAuth("einstein:")), "LDAP");
    unauthorized(gw.get("/ldap", "Authorization", ldapAuth("einstein")), "LDAP");
    unauthorized(gw.get("/ldap", "Authorization", "ldap !!not-base64!!"), "LDAP");
  }

  @Test
  void proxy_authorization_in_the_wrong_format_answers_401() throws IOException {
    RawClient.Response r = gw.raw("/ldap", "Proxy-Authorization: abcd");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate")).isEqualTo("LDAP");
  }

  @Test
  void a_valid_bind_passes_and_names_the_user_without_a_consumer() {
    HttpResponse<String> r = gw.get("/ldap", "Authorization", ldapAuth("einstein:password"),
        "X-Consumer-ID", "spoofed", "X-Consumer-Username", "spoofed", "X-Anonymous-Consumer", "true");
    JsonNode h = headers(r);
    assertThat(h.get("x-credential-identifier").asText()).isEqualTo("einstein");
    assertThat(h.has("x-consumer-id")).isFalse();
    assertThat(h.has("x-consumer-username")).isFalse();
    assertThat(h.has("x-anonymous-consumer")).isFalse();
    assertThat(h.get("authorization").asText()).as("not hidden by default").isEqualTo(ldapAuth("einstein:password"));
  }

  @Test
  void scheme_is_case_insensitive_may_follow_spaces_and_is_the_configured_header_type() {
    assertThat(gw.get("/ldap", "Authorization", " " + ldapAuth("einstein:password")).statusCode()).isEqualTo(200);
    assertThat(gw.get("/ldap", "Authorization", ldapAuth("LDAP", "einstein:password")).statusCode()).isEqualTo(200);
    assertThat(gw.get("/basic-type", "Authorization", ldapAuth("basic", "einstein:password")).statusCode()).isEqualTo(200);
    unauthorized(gw.get("/basic-type"), "Basic");
    unauthorized(gw.get("/basic-type", "Authorization", ldapAuth("invalidldap", "einstein:password")), "Basic");
    unauthorized(gw.get("/basic-realm"), "Basic realm=\"test-ldap\"");
  }

  @Test
  void wrong_passwords_answer_401() {
    unauthorized(gw.get("/ldap", "Authorization", ldapAuth("einstein:wrong_password")), "LDAP");
    unauthorized(gw.get("/ldap", "Authorization", ldapAuth("einstein:" + "e0d91f53c566".repeat(16))), "LDAP");
    unauthorized(gw.get("/ldap", "Authorization", ldapAuth("einstein:password:another_password")), "LDAP");
    unauthorized(gw.get("/ldap", "Authorization", ldapAuth("nobody:password")), "LDAP");
    assertThat(gw.get("/ldap", "Authorization", ldapAuth("einstein:wrong_password")).body()).doesNotContain("wrong_password");
  }

  @Test
  void the_password_is_everything_after_the_first_colon() {
    assertThat(headers(gw.get("/ldap", "Authorization", ldapAuth("euclid:pass:word")))
        .get("x-credential-identifier").asText()).isEqualTo("euclid");
  }

  @Test
  void the_user_is_one_escaped_rdn_value() {
    assertThat(gw.get("/ldap", "Authorization", ldapAuth("o,brien:secret")).statusCode()).isEqualTo(200);
    // Kong concatenates the name raw: with base dc=example,dc=com this would bind as einstein
    unauthorized(gw.get("/root", "Authorization", ldapAuth("einstein,ou=scientists:password")), "LDAP");
  }

  @Test
  void proxy_authorization_is_tried_first_then_authorization() throws IOException {
    assertThat(gw.raw("/ldap", "Proxy-Authorization: " + ldapAuth("einstein:password")).status()).isEqualTo(200);
    assertThat(gw.raw("/ldap", "Proxy-Authorization: " + ldapAuth("einstein:nope"),
        "Authorization: " + ldapAuth("einstein:password")).status()).isEqualTo(200);
    assertThat(gw.raw("/ldap", "Proxy-Authorization: " + ldapAuth("einstein:nope")).status()).isEqualTo(401);
  }

  @Test
  void hide_credentials_strips_both_headers_and_realm_shows_in_the_challenge() throws IOException {
    JsonNode h = headers(gw.get("/hide", "Authorization", ldapAuth("einstein:password")));
    assertThat(h.has("authorization")).isFalse();
    RawClient.Response r = gw.raw("/hide", "Proxy-Authorization: " + ldapAuth("einstein:password"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(Json.parse(r.body()).get("headers").has("proxy-authorization")).isFalse();
    unauthorized(gw.get("/hide", "Authorization", ldapAuth("einstein:wrong_password")), "LDAP realm=\"test-ldap\"");
  }

  @Test
  void anonymous_by_id_or_username_when_authentication_fails() {
    HttpResponse<String> good = gw.get("/anon", "Authorization", ldapAuth("einstein:password"));
    assertThat(headers(good).get("x-credential-identifier").asText()).isEqualTo("einstein");
    assertThat(headers(good).has("x-anonymous-consumer")).isFalse();
    for (String path : List.of("/anon", "/anon-name")) {
      JsonNode h = headers(gw.get(path));
      assertThat(h.get("x-anonymous-consumer").asText()).isEqualTo("true");
      assertThat(h.get("x-consumer-username").asText()).isEqualTo("no-body");
      assertThat(h.has("x-credential-identifier")).isFalse();
    }
    assertThat(gw.get("/anon-missing").statusCode()).isEqualTo(500);
  }

  @Test
  void ldaps_and_starttls_bind_over_tls() {
    assertThat(headers(gw.get("/ldaps", "Authorization", ldapAuth("einstein:password")))
        .get("x-credential-identifier").asText()).isEqualTo("einstein");
    unauthorized(gw.get("/ldaps", "Authorization", ldapAuth("einstein:bad")), "LDAP");
    assertThat(gw.get("/starttls", "Authorization", ldapAuth("einstein:password")).statusCode()).isEqualTo(200);
    unauthorized(gw.get("/starttls", "Authorization", ldapAuth("einstein:bad")), "LDAP");
  }

  @Test
  void an_untrusted_certificate_fails_the_handshake_which_kong_answers_401() {
    unauthorized(gw.get("/untrusted", "Authorization", ldapAuth("einstein:password")), "LDAP");
  }

  @Test
  void an_unreachable_server_answers_500_at_once_and_is_not_cached() {
    long t0 = System.nanoTime();
    HttpResponse<String> r = gw.get("/refused", "Authorization", ldapAuth("einstein:password"));
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(Json.parse(r.body()).get("message").asText()).isEqualTo("An unexpected error occurred");
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5_000);
    assertThat(gw.get("/refused", "Authorization", ldapAuth("einstein:password")).statusCode()).isEqualTo(500);
  }

  @Test
  void a_silent_server_times_out_with_500_while_the_event_loop_keeps_serving() {
    int accepted;
    synchronized (silentClients) {
      accepted = silentClients.size();
    }
    long t0 = System.nanoTime();
    CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(
        () -> gw.get("/silent", "Authorization", ldapAuth("einstein:password")));
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      synchronized (silentClients) {
        return silentClients.size() > accepted; // the bind now waits on the silent server
      }
    });
    // the gateway has one event loop: a bind blocking it would hold this request for the 3 s timeout
    long s = System.nanoTime();
    assertThat(gw.get("/open").statusCode()).isEqualTo(200);
    assertThat((System.nanoTime() - s) / 1_000_000).isLessThan(2_000);
    assertThat(slow.isDone()).as("the bind is still waiting for the silent server").isFalse();
    HttpResponse<String> r = slow.join();
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(Json.parse(r.body()).get("message").asText()).isEqualTo("An unexpected error occurred");
    assertThat(ms).as("bounded by the configured timeout").isBetween(2_900L, 15_000L);
  }

  @Test
  void verdicts_are_cached_for_cache_ttl_and_survive_the_server_until_then() {
    long cached = System.nanoTime();
    assertThat(gw.get("/cached", "Authorization", ldapAuth("einstein:password")).statusCode()).isEqualTo(200);
    unauthorized(gw.get("/cached", "Authorization", ldapAuth("einstein:bad")), "LDAP");
    doomed.stop();
    assertThat(gw.get("/cached", "Authorization", ldapAuth("einstein:password")).statusCode()).isEqualTo(200);
    unauthorized(gw.get("/cached", "Authorization", ldapAuth("einstein:bad")), "LDAP");
    assertThat(gw.get("/cached", "Authorization", ldapAuth("einstein:other")).statusCode())
        .as("a new password needs the server").isEqualTo(500);
    assertThat((System.nanoTime() - cached) / 1_000_000).as("all of the above within cache_ttl").isLessThan(3_000);
    await().atMost(Duration.ofSeconds(10)).until(
        () -> gw.get("/cached", "Authorization", ldapAuth("einstein:password")).statusCode() == 500);
  }

  @Test
  void a_kept_connection_the_server_closed_is_replaced() {
    assertThat(gw.get("/restarting", "Authorization", ldapAuth("einstein:password")).statusCode()).isEqualTo(200);
    restarting.restart(); // the connection kept after that bind is now dead
    assertThat(gw.get("/restarting", "Authorization", ldapAuth("euclid:pass:word")).statusCode())
        .as("a new verdict, over a fresh connection").isEqualTo(200);
    unauthorized(gw.get("/restarting", "Authorization", ldapAuth("o,brien:wrong")), "LDAP");
  }

  @Test
  void logical_and_needs_both_credentials() {
    HttpResponse<String> both = gw.get("/and", "apikey", "Mouse", "Authorization", ldapAuth("einstein:password"));
    assertThat(headers(both).has("x-anonymous-consumer")).isFalse();
    unauthorized(gw.get("/and", "apikey", "Mouse"), "LDAP");
    HttpResponse<String> onlyLdap = gw.get("/and", "Authorization", ldapAuth("einstein:password"));
    assertThat(onlyLdap.statusCode()).isEqualTo(401);
    assertThat(onlyLdap.headers().firstValue("WWW-Authenticate")).hasValue("Key");
    assertThat(gw.get("/and").headers().firstValue("WWW-Authenticate")).hasValue("Key");
  }

  @Test
  void logical_or_takes_whichever_credential_works() {
    JsonNode both = headers(gw.get("/or", "apikey", "Mouse", "Authorization", ldapAuth("einstein:password")));
    assertThat(both.has("x-anonymous-consumer")).isFalse();
    assertThat(both.get("x-consumer-id").asText()).isEqualTo(id(mickey));
    assertThat(both.get("x-credential-identifier").asText()).isEqualTo(id(mouseKey));
    JsonNode key = headers(gw.get("/or", "apikey", "Mouse"));
    assertThat(key.get("x-consumer-id").asText()).isEqualTo(id(mickey));
    JsonNode ldapOnly = headers(gw.get("/or", "Authorization", ldapAuth("einstein:password")));
    assertThat(ldapOnly.has("x-anonymous-consumer")).isFalse();
    assertThat(ldapOnly.get("x-credential-identifier").asText()).isEqualTo("einstein");
    JsonNode none = headers(gw.get("/or"));
    assertThat(none.get("x-anonymous-consumer").asText()).isEqualTo("true");
    assertThat(none.get("x-consumer-id").asText()).isEqualTo(id(anonymous));
    assertThat(none.has("x-credential-identifier")).isFalse();
  }
}
