package io.gatehouse.plugins.session;

import static io.gatehouse.plugins.testing.PluginGateway.id;
import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static io.gatehouse.plugins.testing.PluginGateway.upstreamHeaders;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.plugins.keyauth.KeyAuthPlugin;
import io.gatehouse.plugins.requesttermination.RequestTerminationPlugin;
import io.gatehouse.plugins.testing.PluginGateway;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import io.gatehouse.proxy.plugins.OffLoopRecords;
import io.gatehouse.sdk.NodeServices;
import io.gatehouse.sdk.PluginRecords;
import io.gatehouse.sdk.SharedCounters;
import io.gatehouse.store.sqlite.SqliteConfigStore;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * session with key-auth (anonymous consumer stopped by request-termination, as Kong's
 * spec/03-plugins/30-session does): a browser-like client (the JDK's cookie jar) logs in once with
 * its key and stays in with the cookie; timeouts on an injected clock; storage = kong on plugin
 * records in an SQLite file shared by two nodes.
 */
class SessionIT {
  // starts at the real time: the JDK's cookie jar drops cookies whose Expires date is past
  static final AtomicLong clock = new AtomicLong(System.currentTimeMillis());
  static final String SECRET = "a-shared-secret-for-both-nodes";
  static Path dir;
  static OffLoopRecords recordsA;
  static OffLoopRecords recordsB;
  static PluginGateway gw;
  static PluginGateway second;
  static ObjectNode coop;
  static ObjectNode credential;

  static PluginGateway node(OffLoopRecords records) {
    SessionPlugin session = new SessionPlugin(clock::get);
    session.start(new NodeServices() {
      @Override
      public Optional<SharedCounters> sharedCounters() {
        return Optional.empty();
      }

      @Override
      public Optional<PluginRecords> pluginRecords() {
        return Optional.of(records);
      }
    });
    PluginGateway g = new PluginGateway(LoadedPlugins.of(session, new KeyAuthPlugin(), new RequestTerminationPlugin()));
    ObjectNode anon = g.insert("consumers", "{\"id\":\"11111111-1111-4111-8111-111111111111\",\"username\":\"anon\"}");
    ObjectNode c = g.insert("consumers", "{\"id\":\"22222222-2222-4222-8222-222222222222\",\"username\":\"coop\"}");
    ObjectNode cred = g.insert("keyauth_credentials",
        "{\"id\":\"33333333-3333-4333-8333-333333333333\",\"key\":\"kong\"," + ref("consumer", c) + "}");
    g.plugin("request-termination", "{\"status_code\":403,\"message\":\"So it goes.\"}", ref("consumer", anon));
    if (gw == null) {
      coop = c;
      credential = cred;
    }
    route(g, "/default", "{}");
    route(g, "/plain", "{\"cookie_secure\":false,\"cookie_same_site\":\"Lax\",\"cookie_http_only\":false}");
    route(g, "/headers", "{\"cookie_secure\":false,\"request_headers\":[\"id\",\"audience\",\"subject\",\"timeout\"],"
        + "\"response_headers\":[\"id\",\"idling-timeout\",\"rolling-timeout\",\"absolute-timeout\"]}");
    route(g, "/logout", "{\"cookie_secure\":false,\"read_body_for_logout\":true}");
    route(g, "/rolling", "{\"cookie_secure\":false,\"idling_timeout\":0,\"rolling_timeout\":100,\"absolute_timeout\":1000}");
    route(g, "/idle", "{\"cookie_secure\":false,\"idling_timeout\":100}");
    route(g, "/remember", "{\"cookie_secure\":false,\"remember\":true,\"remember_rolling_timeout\":3600,"
        + "\"rolling_timeout\":100,\"idling_timeout\":0}");
    route(g, "/audience", "{\"cookie_secure\":false,\"audience\":\"other\"}");
    route(g, "/kong", "{\"cookie_secure\":false,\"storage\":\"kong\"}");
    g.apply();
    return g;
  }

  static void route(PluginGateway g, String path, String sessionConfig) {
    ObjectNode r = g.serviceAndRoute(path);
    ObjectNode config = (ObjectNode) io.gatehouse.core.json.Json.parse(sessionConfig);
    config.put("secret", SECRET);
    g.plugin("session", config.toString(), ref("route", r));
    g.plugin("key-auth", "{\"anonymous\":\"11111111-1111-4111-8111-111111111111\"}", ref("route", r));
  }

  @BeforeAll
  static void start() throws IOException {
    dir = Files.createTempDirectory("session-it");
    recordsA = new OffLoopRecords(SqliteConfigStore.records(dir.resolve("gatehouse.db"), clock::get), 1);
    recordsB = new OffLoopRecords(SqliteConfigStore.records(dir.resolve("gatehouse.db"), clock::get), 1);
    gw = node(recordsA);
    second = node(recordsB);
  }

  @AfterAll
  static void stop() {
    gw.close();
    second.close();
    recordsA.close();
    recordsB.close();
  }

  /** A browser: one cookie jar across requests. */
  static final class Browser {
    final CookieManager jar = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    final HttpClient http = HttpClient.newBuilder().cookieHandler(jar).connectTimeout(Duration.ofSeconds(5)).build();

    HttpResponse<String> send(PluginGateway g, String method, String path, HttpRequest.BodyPublisher body,
        String... headers) {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.port() + path))
          .timeout(Duration.ofSeconds(10)).method(method, body);
      if (headers.length > 0) {
        b.headers(headers);
      }
      try {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }

    HttpResponse<String> get(String path, String... headers) {
      return send(gw, "GET", path, HttpRequest.BodyPublishers.noBody(), headers);
    }

    List<HttpCookie> cookies() {
      return jar.getCookieStore().getCookies();
    }

    Optional<String> cookie(String name) {
      return cookies().stream().filter(c -> c.getName().equals(name)).map(HttpCookie::getValue).findFirst();
    }
  }

  @Test
  void default_cookie_attributes_are_kongs() {
    HttpResponse<String> r = gw.get("/default", "apikey", "kong");
    assertThat(r.statusCode()).isEqualTo(200);
    String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    String[] parts = setCookie.split("; ");
    assertThat(parts[0]).startsWith("session=");
    assertThat(List.of(parts).subList(1, parts.length)).containsExactly("Path=/", "SameSite=Strict", "Secure", "HttpOnly");
  }

  @Test
  void the_cookie_keeps_the_consumer_once_the_key_is_gone() {
    Browser b = new Browser();
    assertThat(b.get("/plain").statusCode()).isEqualTo(403); // anonymous is stopped
    HttpResponse<String> login = b.get("/plain", "apikey", "kong");
    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.headers().firstValue("Set-Cookie").orElseThrow())
        .matches("session=[A-Za-z0-9_-]+; Path=/; SameSite=Lax");
    HttpResponse<String> again = b.get("/plain");
    assertThat(again.statusCode()).isEqualTo(200);
    JsonNode up = upstreamHeaders(again);
    assertThat(up.get("x-consumer-id").asText()).isEqualTo(id(coop));
    assertThat(up.get("x-consumer-username").asText()).isEqualTo("coop");
    assertThat(up.get("x-credential-identifier").asText()).isEqualTo(id(credential));
    assertThat(up.has("x-anonymous-consumer")).isFalse();
    assertThat(again.headers().firstValue("Set-Cookie")).isEmpty(); // same session: nothing to resend
  }

  @Test
  void a_tampered_or_foreign_cookie_is_no_session() {
    Browser b = new Browser();
    b.get("/plain", "apikey", "kong");
    String value = b.cookie("session").orElseThrow();
    char last = value.charAt(value.length() - 10);
    String tampered = value.substring(0, value.length() - 10) + (last == 'A' ? 'B' : 'A') + value.substring(value.length() - 9);
    assertThat(gw.get("/plain", "Cookie", "session=" + tampered).statusCode()).isEqualTo(403);
    assertThat(gw.get("/plain", "Cookie", "session=" + value).statusCode()).isEqualTo(200);
    assertThat(gw.get("/audience", "Cookie", "session=" + value).statusCode()).isEqualTo(403); // another audience
    assertThat(gw.get("/plain", "Cookie", "session=not-base64!").statusCode()).isEqualTo(403);
  }

  @Test
  void session_headers_go_upstream_and_to_the_client() {
    Browser b = new Browser();
    HttpResponse<String> login = b.get("/headers", "apikey", "kong");
    assertThat(login.headers().firstValue("Session-Idling-Timeout")).hasValue("900");
    assertThat(login.headers().firstValue("Session-Rolling-Timeout")).hasValue("3600");
    assertThat(login.headers().firstValue("Session-Absolute-Timeout")).hasValue("86400");
    String sid = login.headers().firstValue("Session-Id").orElseThrow();
    JsonNode up = upstreamHeaders(b.get("/headers"));
    assertThat(up.get("session-id").asText()).isEqualTo(sid);
    assertThat(up.get("session-audience").asText()).isEqualTo("default");
    assertThat(up.get("session-subject").asText()).isEqualTo("coop");
    assertThat(up.get("session-timeout").asText()).isEqualTo("900");
  }

  @Test
  void logout_by_query_and_by_body_clears_the_cookie() {
    Browser b = new Browser();
    b.get("/logout", "apikey", "kong");
    assertThat(b.get("/logout?session_logout=true").statusCode()).isEqualTo(200); // GET is not a logout method
    int upstream = gw.upstreamRequests();
    HttpResponse<String> out = b.send(gw, "DELETE", "/logout?session_logout=true", HttpRequest.BodyPublishers.noBody());
    assertThat(out.statusCode()).isEqualTo(200);
    assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("session=; ").contains("Max-Age=0");
    assertThat(gw.upstreamRequests()).isEqualTo(upstream); // the gateway answered the logout itself
    assertThat(b.get("/logout").statusCode()).isEqualTo(403);

    b.get("/logout", "apikey", "kong");
    assertThat(b.get("/logout").statusCode()).isEqualTo(200);
    HttpResponse<String> form = b.send(gw, "POST", "/logout", HttpRequest.BodyPublishers.ofString("session_logout=1"),
        "Content-Type", "application/x-www-form-urlencoded");
    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(b.get("/logout").statusCode()).isEqualTo(403);
  }

  @Test
  void idling_timeout_ends_a_session_and_use_keeps_it_alive() {
    Browser b = new Browser();
    b.get("/idle", "apikey", "kong");
    for (int i = 0; i < 3; i++) { // each step is under the 100 s idle window; the cookie is touched
      clock.addAndGet(60_000);
      assertThat(b.get("/idle").statusCode()).isEqualTo(200);
    }
    clock.addAndGet(101_000);
    assertThat(b.get("/idle").statusCode()).isEqualTo(403);
  }

  @Test
  void rolling_timeout_renews_the_session_id_until_the_absolute_timeout() {
    Browser b = new Browser();
    b.get("/rolling", "apikey", "kong");
    String first = b.cookie("session").orElseThrow();
    clock.addAndGet(80_000); // past three quarters of the 100 s window: renewed
    assertThat(b.get("/rolling").statusCode()).isEqualTo(200);
    String renewed = b.cookie("session").orElseThrow();
    assertThat(renewed).isNotEqualTo(first);
    clock.addAndGet(80_000); // the old cookie's window is over, the renewed one's is not
    assertThat(gw.get("/rolling", "Cookie", "session=" + first).statusCode()).isEqualTo(403);
    assertThat(b.get("/rolling").statusCode()).isEqualTo(200);
    for (int i = 0; i < 12; i++) {
      clock.addAndGet(80_000);
      b.get("/rolling");
    }
    assertThat(b.get("/rolling").statusCode()).isEqualTo(403); // 1000 s absolute timeout
  }

  @Test
  void the_remember_cookie_restores_an_expired_session() {
    Browser b = new Browser();
    HttpResponse<String> login = b.get("/remember", "apikey", "kong");
    List<String> cookies = login.headers().allValues("Set-Cookie");
    assertThat(cookies).hasSize(2);
    String[] parts = cookies.get(1).split("; ");
    assertThat(parts[0]).startsWith("remember=");
    assertThat(parts[1]).isEqualTo("Path=/");
    assertThat(parts[2]).isEqualTo("SameSite=Strict");
    assertThat(parts[3]).isEqualTo("HttpOnly");
    assertThat(parts[4]).matches("Expires=[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
    assertThat(parts[5]).isEqualTo("Max-Age=3600");
    clock.addAndGet(200_000); // the session cookie's 100 s rolling window is over
    HttpResponse<String> restored = b.get("/remember");
    assertThat(restored.statusCode()).isEqualTo(200);
    assertThat(restored.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("session="));
    clock.addAndGet(3_601_000);
    assertThat(b.get("/remember").statusCode()).isEqualTo(403);
  }

  @Test
  void kong_storage_keeps_the_data_in_the_store_and_any_node_can_read_it() throws Exception {
    Browser b = new Browser();
    HttpResponse<String> login = b.get("/kong", "apikey", "kong");
    assertThat(login.statusCode()).isEqualTo(200);
    String value = b.cookie("session").orElseThrow();
    assertThat(value.length()).isLessThan(120); // header and MAC only: the data is in the store
    assertThat(b.get("/kong").statusCode()).isEqualTo(200);
    List<PluginRecords.Entry> stored = recordsA.list("session", null, 100).toCompletableFuture().get();
    assertThat(stored).isNotEmpty();
    assertThat(stored).noneMatch(e -> e.key().contains(value.substring(3, 40)));
    // the second node shares the database and the secret
    HttpResponse<String> elsewhere = b.send(second, "GET", "/kong", HttpRequest.BodyPublishers.noBody());
    assertThat(elsewhere.statusCode()).isEqualTo(200);
    assertThat(upstreamHeaders(elsewhere).get("x-consumer-username").asText()).isEqualTo("coop");
    // logout removes the stored data: the cookie alone is worth nothing
    assertThat(b.send(gw, "POST", "/kong?session_logout", HttpRequest.BodyPublishers.noBody()).statusCode()).isEqualTo(200);
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(second.get("/kong", "Cookie", "session=" + value).statusCode()).isEqualTo(403));
  }
}
