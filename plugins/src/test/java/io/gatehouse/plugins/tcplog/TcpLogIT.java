package io.gatehouse.plugins.tcplog;

import static io.gatehouse.plugins.testing.PluginGateway.id;
import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.proxy.plugins.ConfigBinding;
import io.gatehouse.plugins.logqueue.LogQueue;
import io.gatehouse.plugins.testing.LogEntryAssert;
import io.gatehouse.plugins.testing.PluginGateway;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** tcp-log against a real proxy and a real TCP log server (reference plugins §19.1, §19.4). */
class TcpLogIT {
  static PluginGateway gw;
  static LineSink global;
  static LineSink routeSink;
  static ObjectNode plain;
  static ObjectNode guarded;
  static ObjectNode bob;
  static ObjectNode bobKey;

  /** A TCP server on 127.0.0.1 collecting the lines of every connection. */
  static final class LineSink implements AutoCloseable {
    final ServerSocket server;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    LineSink() throws IOException {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread.ofVirtual().start(() -> {
        while (!server.isClosed()) {
          try {
            Socket s = server.accept();
            Thread.ofVirtual().start(() -> read(s));
          } catch (IOException e) {
            return;
          }
        }
      });
    }

    private void read(Socket s) {
      try (s; var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) lines.add(line);
      } catch (IOException ignored) {
        // the gateway closed the connection
      }
    }

    int port() {
      return server.getLocalPort();
    }

    JsonNode entryFor(String requestId) throws InterruptedException {
      while (true) {
        String line = lines.poll(10, TimeUnit.SECONDS);
        assertThat(line).as("a line for request " + requestId).isNotNull();
        JsonNode e = Json.parse(line);
        if (e.get("request").get("id").asText().equals(requestId)) return e;
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  @BeforeAll
  static void start() throws IOException {
    global = new LineSink();
    routeSink = new LineSink();
    gw = new PluginGateway();
    plain = gw.serviceAndRoute("/plain");
    guarded = gw.serviceAndRoute("/guarded");
    gw.plugin("key-auth", "{}", ref("route", guarded));
    bob = gw.consumer("bob");
    bobKey = gw.insert("keyauth_credentials", "{\"key\":\"bob-key\"," + ref("consumer", bob) + "}");
    gw.plugin("tcp-log", "{\"host\":\"127.0.0.1\",\"port\":" + global.port() + "}", "");
    gw.plugin("tcp-log", "{\"host\":\"127.0.0.1\",\"port\":" + routeSink.port() + "}", ref("route", guarded));
    gw.apply();
  }

  @AfterAll
  static void stop() throws IOException {
    gw.close();
    global.close();
    routeSink.close();
  }

  static String requestId(java.net.http.HttpResponse<String> r) {
    return r.headers().firstValue("X-Kong-Request-Id").orElseThrow();
  }

  @Test
  void the_global_instance_sends_kongs_entry_as_a_json_line() throws Exception {
    var r = gw.get("/plain/p?k=v", "Authorization", "Bearer abc");
    JsonNode entry = global.entryFor(requestId(r));
    LogEntryAssert.assertProxied(entry, "/plain/p?k=v", plain, "/p?k=v");
    assertThat(entry.get("request").get("headers").get("authorization").asText()).isEqualTo("REDACTED");
    // later entries reuse the kept-alive connection and still arrive line by line
    for (int i = 0; i < 5; i++) {
      String id = requestId(gw.get("/plain/" + i));
      assertThat(global.entryFor(id).get("request").get("uri").asText()).isEqualTo("/plain/" + i);
    }
  }

  @Test
  void the_route_instance_logs_the_authenticated_consumer() throws Exception {
    var r = gw.get("/guarded", "apikey", "bob-key");
    JsonNode entry = routeSink.entryFor(requestId(r));
    LogEntryAssert.assertProxied(entry, "/guarded", guarded, "/");
    assertThat(entry.get("consumer").get("id").asText()).isEqualTo(id(bob));
    assertThat(entry.get("authenticated_entity").get("id").asText()).isEqualTo(id(bobKey));
    assertThat(entry.get("request").get("headers").get("apikey").asText()).isEqualTo("bob-key");
  }

  @Test
  void a_dead_log_server_neither_slows_requests_nor_grows_the_queue() throws Exception {
    int deadPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      deadPort = s.getLocalPort();
    }
    try (PluginGateway own = new PluginGateway()) {
      ObjectNode plugin = own.plugin("tcp-log", "{\"host\":\"127.0.0.1\",\"port\":" + deadPort + ",\"timeout\":100}", "");
      own.serviceAndRoute("/dead");
      own.apply();
      long start = System.nanoTime();
      for (int i = 0; i < 30; i++) {
        assertThat(own.get("/dead").statusCode()).isEqualTo(200);
      }
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(10_000);
      LogQueue queue = new TcpLogPlugin().queueOf(ConfigBinding.bind((ObjectNode) plugin.get("config"), TcpLogPlugin.Config.class));
      assertThat(queue.size()).isLessThanOrEqualTo(queue.config().maxEntries());
    }
  }

  @Test
  void schema_checks() {
    assertThatThrownBy(() -> gw.plugin("tcp-log", "{\"port\":1}", ""))
        .isInstanceOf(KongException.class)
        .hasMessage("schema violation (config.host: required field missing)");
    assertThatThrownBy(() -> gw.plugin("tcp-log", "{\"host\":\"h\"}", ""))
        .isInstanceOf(KongException.class)
        .hasMessage("schema violation (config.port: required field missing)");
    assertThatThrownBy(() -> gw.plugin("tcp-log", "{\"host\":\"h\",\"port\":70000}", ""))
        .isInstanceOf(KongException.class)
        .hasMessage("schema violation (config.port: value should be between 0 and 65535)");
    assertThat(gw.plugin("tcp-log", "{\"host\":\"h\",\"port\":1}", "").get("config").toString())
        .isEqualTo("{\"host\":\"h\",\"port\":1,\"timeout\":10000,\"keepalive\":60000,\"tls\":false,\"tls_sni\":null,"
            + "\"custom_fields_by_lua\":null}");
  }
}
