package io.gatehouse.plugins.udplog;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.LogEntryAssert;
import io.gatehouse.plugins.testing.PluginGateway;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** udp-log against a real proxy and a real UDP socket (reference plugins §19.1, §19.4). */
class UdpLogIT {
  static PluginGateway gw;
  static DatagramSocket global;
  static DatagramSocket routeSink;
  static ObjectNode plain;
  static ObjectNode special;

  @BeforeAll
  static void start() throws IOException {
    global = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    routeSink = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    global.setSoTimeout(10_000);
    routeSink.setSoTimeout(10_000);
    gw = new PluginGateway();
    plain = gw.serviceAndRoute("/plain");
    special = gw.serviceAndRoute("/special");
    gw.plugin("udp-log", "{\"host\":\"127.0.0.1\",\"port\":" + global.getLocalPort() + "}", "");
    gw.plugin("udp-log", "{\"host\":\"127.0.0.1\",\"port\":" + routeSink.getLocalPort() + "}", ref("route", special));
    gw.apply();
  }

  @AfterAll
  static void stop() {
    gw.close();
    global.close();
    routeSink.close();
  }

  /** The next datagram for this request: exactly one JSON object, no trailing newline. */
  static JsonNode entryFor(DatagramSocket socket, String requestId) throws IOException {
    byte[] buf = new byte[65536];
    while (true) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(p);
      } catch (SocketTimeoutException e) {
        throw new AssertionError("no datagram for request " + requestId, e);
      }
      String text = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
      assertThat(text).startsWith("{").endsWith("}");
      JsonNode e = Json.parse(text);
      if (e.get("request").get("id").asText().equals(requestId)) return e;
    }
  }

  static String requestId(java.net.http.HttpResponse<String> r) {
    return r.headers().firstValue("X-Kong-Request-Id").orElseThrow();
  }

  @Test
  void the_global_instance_sends_one_datagram_per_request() throws IOException {
    var r = gw.get("/plain/x", "Authorization", "Basic Zm9vOmJhcg==");
    JsonNode entry = entryFor(global, requestId(r));
    LogEntryAssert.assertProxied(entry, "/plain/x", plain, "/x");
    assertThat(entry.get("request").get("headers").get("authorization").asText()).isEqualTo("REDACTED");
  }

  @Test
  void proxy_authorization_is_redacted_too() throws IOException {
    var r = gw.raw("/plain/raw", "Proxy-Authorization: Basic Zm9vOmJhcg==");
    JsonNode entry = entryFor(global, r.header("X-Kong-Request-Id"));
    assertThat(entry.get("request").get("headers").get("proxy-authorization").asText()).isEqualTo("REDACTED");
    assertThat(entry.toString()).doesNotContain("Zm9vOmJhcg==");
  }

  @Test
  void the_route_instance_takes_over_its_route() throws IOException {
    var r = gw.get("/special/y?z=1");
    JsonNode entry = entryFor(routeSink, requestId(r));
    LogEntryAssert.assertProxied(entry, "/special/y?z=1", special, "/y?z=1");
  }

  @Test
  void schema_checks() {
    assertThatThrownBy(() -> gw.plugin("udp-log", "{\"port\":1}", ""))
        .isInstanceOf(KongException.class)
        .hasMessage("schema violation (config.host: required field missing)");
    assertThat(gw.plugin("udp-log", "{\"host\":\"h\",\"port\":1}", "").get("config").toString())
        .isEqualTo("{\"host\":\"h\",\"port\":1,\"timeout\":10000,\"custom_fields_by_lua\":null}");
  }
}
