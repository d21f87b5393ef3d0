package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.proxy.ProxyServer;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The security checks on a whole node: credentials (right or wrong) never appear in any log
 * line, even at TRACE, nor in error bodies; hidden credentials never reach the upstream; identity
 * headers a client sends are removed (reference plugins §1.2).
 */
class CredentialSecurityIT {
  static final String KEY = "SEC-KEY-7f3a9c";
  static final String PASSWORD = "SEC-PASS-91c2d4";
  static final String JWT_SECRET = "SEC-JWT-5b8de1";
  static final String WRONG_KEY = "WRONG-KEY-1111aa";
  static final String WRONG_PASSWORD = "WRONG-PASS-2222bb";
  @TempDir Path prefix;

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void credentials_stay_out_of_logs_bodies_and_the_upstream() throws Exception {
    LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level before = root.getLevel();
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.setContext(logging);
    captured.start();
    root.addAppender(captured);
    root.setLevel(Level.ALL);
    List<String> secrets = new ArrayList<>(List.of(KEY, PASSWORD, JWT_SECRET, WRONG_KEY, WRONG_PASSWORD,
        basic("sec-user", PASSWORD).substring(6), basic("sec-user", WRONG_PASSWORD).substring(6)));
    try (WholeNode gw = new WholeNode(prefix, Map.of())) {
      gw.create("/consumers", "{\"username\":\"sec-user\"}");
      gw.create("/consumers/sec-user/key-auth", "{\"key\":\"" + KEY + "\"}");
      gw.create("/consumers/sec-user/basic-auth", "{\"username\":\"sec-user\",\"password\":\"" + PASSWORD + "\"}");
      gw.create("/consumers/sec-user/jwt", "{\"key\":\"sec-jwt\",\"secret\":\"" + JWT_SECRET + "\"}");
      gw.create("/routes/" + gw.serviceAndRoute("sec-key", "/sec-key") + "/plugins",
          "{\"name\":\"key-auth\",\"config\":{\"hide_credentials\":true}}");
      gw.create("/routes/" + gw.serviceAndRoute("sec-basic", "/sec-basic") + "/plugins",
          "{\"name\":\"basic-auth\",\"config\":{\"hide_credentials\":true}}");
      gw.create("/routes/" + gw.serviceAndRoute("sec-jwt", "/sec-jwt") + "/plugins", "{\"name\":\"jwt\"}");
      gw.create("/routes/" + gw.serviceAndRoute("sec-anon", "/sec-anon") + "/plugins",
          "{\"name\":\"key-auth\",\"config\":{\"anonymous\":\"no-such-consumer\"}}");
      gw.serviceAndRoute("sec-open", "/sec-open");
      String goodToken = PluginEntitiesAdminIT.hs256(JWT_SECRET, "{\"iss\":\"sec-jwt\"}");
      String forgedToken = PluginEntitiesAdminIT.hs256(WRONG_KEY, "{\"iss\":\"sec-jwt\"}");
      secrets.add(goodToken.substring(goodToken.lastIndexOf('.') + 1));
      secrets.add(forgedToken.substring(forgedToken.lastIndexOf('.') + 1));
      gw.awaitStatus(401, "/sec-open/../sec-key"); // wait until the config is live

      // hidden credentials never reach the upstream
      JsonNode up = echoed(gw.awaitStatus(200, "/sec-key?a=1&apikey=" + KEY + "&b=2"));
      assertThat(up.get("uri").asText()).isEqualTo("/?a=1&b=2");
      assertThat(up.toString()).doesNotContain(KEY);
      up = echoed(gw.get("/sec-key", "apikey", KEY));
      assertThat(up.get("headers").has("apikey")).isFalse();
      up = echoed(gw.awaitStatus(200, "/sec-basic", "Authorization", basic("sec-user", PASSWORD)));
      assertThat(up.get("headers").has("authorization")).isFalse();
      String raw = rawGet(gw, "/sec-basic", "Proxy-Authorization: " + basic("sec-user", PASSWORD));
      assertThat(raw).startsWith("HTTP/1.1 200");
      assertThat(raw.toLowerCase()).doesNotContain("proxy-authorization").doesNotContain(basic("sec-user", PASSWORD).substring(6).toLowerCase());
      assertThat(gw.awaitStatus(200, "/sec-jwt", "Authorization", "Bearer " + goodToken).statusCode()).isEqualTo(200);

      // wrong credentials: refused, and never echoed in the error body
      List<HttpResponse<String>> refused = List.of(
          gw.get("/sec-key?apikey=" + WRONG_KEY), gw.get("/sec-key", "apikey", WRONG_KEY),
          gw.get("/sec-basic", "Authorization", basic("sec-user", WRONG_PASSWORD)),
          gw.get("/sec-jwt", "Authorization", "Bearer " + forgedToken),
          gw.get("/sec-jwt?jwt=" + forgedToken));
      for (HttpResponse<String> r : refused) {
        assertThat(r.statusCode()).as(r.uri().toString()).isEqualTo(401);
        for (String s : secrets) {
          assertThat(r.body()).doesNotContain(s);
          r.headers().map().values().forEach(v -> assertThat(v.toString()).doesNotContain(s));
        }
      }
      // a server-side failure (anonymous consumer missing) with a key in the query string: logged, without the key
      HttpResponse<String> failed = gw.get("/sec-anon?apikey=" + WRONG_KEY);
      assertThat(failed.statusCode()).isEqualTo(500);
      assertThat(failed.body()).doesNotContain(WRONG_KEY);

      // identity headers from the client are dropped, with or without authentication
      JsonNode open = echoed(gw.get("/sec-open", "X-Consumer-ID", "spoofed", "X-Consumer-Username", "admin",
          "X-Consumer-Custom-ID", "root", "X-Credential-Identifier", "x", "X-Anonymous-Consumer", "false",
          "X-Consumer-Groups", "admins", "X-Authenticated-Groups", "admins")).get("headers");
      for (String h : new String[] {"x-consumer-id", "x-consumer-username", "x-consumer-custom-id", "x-credential-identifier",
          "x-anonymous-consumer", "x-consumer-groups", "x-authenticated-groups"}) {
        assertThat(open.has(h)).as(h).isFalse();
      }
      JsonNode authed = echoed(gw.get("/sec-key", "apikey", KEY, "X-Consumer-Username", "admin", "X-Consumer-Custom-ID", "root",
          "X-Anonymous-Consumer", "true", "X-Consumer-Groups", "admins")).get("headers");
      assertThat(authed.get("x-consumer-username").asText()).isEqualTo("sec-user");
      assertThat(authed.has("x-consumer-custom-id")).isFalse();
      assertThat(authed.has("x-anonymous-consumer")).isFalse();
      assertThat(authed.has("x-consumer-groups")).isFalse();
    } finally {
      root.detachAppender(captured);
      root.setLevel(before);
      captured.stop();
    }
    List<ILoggingEvent> events = List.copyOf(captured.list);
    assertThat(events).isNotEmpty();
    assertThat(events).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("/sec-anon"));
    for (ILoggingEvent e : events) {
      String line = e.getLoggerName() + " " + e.getFormattedMessage()
          + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()));
      for (String s : secrets) {
        assertThat(line).as("log line from " + e.getLoggerName()).doesNotContain(s);
      }
    }
  }

  static JsonNode echoed(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.parse(r.body());
  }

  static String rawGet(WholeNode gw, String path, String header) throws Exception {
    int port = gw.node.component(ProxyServer.class).orElseThrow().boundAddresses().getFirst().getPort();
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n" + header
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
