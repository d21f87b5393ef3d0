package io.gatehouse.plugins.loggly;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.PluginGateway;
import io.gatehouse.plugins.testing.UdpReceiver;
import java.io.IOException;
import java.net.InetAddress;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * loggly (Kong 3.9 {@code kong/plugins/loggly}) against a real proxy and a UDP socket standing in for
 * Loggly: the RFC 5424 line Kong builds, {@code <PRI>1 TIMESTAMP HOST kong - - [key@41058 tag=".."] JSON}.
 */
class LogglyIT {
  static final Pattern LINE = Pattern.compile(
      "<(\\d+)>1 (\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ) (\\S+) kong - - (\\[[^\\]]*\\]) (\\{.*\\})");

  static PluginGateway gw;
  static UdpReceiver sink;

  @BeforeAll
  static void start() throws IOException {
    sink = new UdpReceiver();
    gw = new PluginGateway();
    ObjectNode ok = gw.serviceAndRoute("/ok");
    gw.plugin("loggly", "{\"host\":\"127.0.0.1\",\"port\":" + sink.port() + ",\"key\":\"tok-123\"}", ref("route", ok));
    ObjectNode strict = gw.serviceAndRoute("/strict");
    gw.plugin("loggly", "{\"host\":\"127.0.0.1\",\"port\":" + sink.port() + ",\"key\":\"tok-9\",\"tags\":[\"a\",\"b\"],"
        + "\"log_level\":\"err\",\"client_errors_severity\":\"err\"}", ref("route", strict));
    ObjectNode denied = gw.serviceAndRoute("/denied");
    gw.plugin("request-termination", "{\"status_code\":403}", ref("route", denied));
    gw.plugin("loggly", "{\"host\":\"127.0.0.1\",\"port\":" + sink.port() + ",\"key\":\"tok-9\",\"tags\":[\"a\",\"b\"],"
        + "\"log_level\":\"err\",\"client_errors_severity\":\"err\"}", ref("route", denied));
    gw.apply();
  }

  @AfterAll
  static void stop() {
    gw.close();
    sink.close();
  }

  @Test
  void a_success_is_an_info_line_with_the_key_and_default_tag() throws IOException {
    var r = gw.get("/ok/x");
    Matcher m = LINE.matcher(sink.next());
    assertThat(m.matches()).isTrue();
    assertThat(m.group(1)).isEqualTo("14"); // 8 + info (6)
    assertThat(m.group(3)).isEqualTo(InetAddress.getLocalHost().getHostName());
    assertThat(m.group(4)).isEqualTo("[tok-123@41058 tag=\"kong\"]");
    JsonNode entry = Json.parse(m.group(5));
    assertThat(entry.get("request").get("id").asText()).isEqualTo(r.headers().firstValue("X-Kong-Request-Id").orElseThrow());
  }

  @Test
  void severity_by_status_and_the_log_level_filter() throws IOException {
    assertThat(gw.get("/strict/x").statusCode()).isEqualTo(200); // info: below err, not sent
    assertThat(gw.get("/denied/x").statusCode()).isEqualTo(403);
    Matcher m = LINE.matcher(sink.next());
    assertThat(m.matches()).isTrue();
    assertThat(m.group(1)).isEqualTo("11"); // 8 + err (3)
    assertThat(m.group(4)).isEqualTo("[tok-9@41058 tag=\"a\" tag=\"b\"]");
    assertThat(Json.parse(m.group(5)).get("response").get("status").asInt()).isEqualTo(403);
    assertThat(sink.drain(500)).isEmpty();
  }

  @Test
  void schema_defaults_and_checks_are_kongs() {
    assertThat(gw.plugin("loggly", "{\"key\":\"k\"}", "").get("config")).isEqualTo(Json.parse("{\"host\":"
        + "\"logs-01.loggly.com\",\"port\":514,\"key\":\"k\",\"tags\":[\"kong\"],\"log_level\":\"info\","
        + "\"successful_severity\":\"info\",\"client_errors_severity\":\"info\",\"server_errors_severity\":\"info\","
        + "\"timeout\":10000,\"custom_fields_by_lua\":null}"));
    assertThatThrownBy(() -> gw.plugin("loggly", "{}", ""))
        .isInstanceOf(KongException.class).hasMessage("schema violation (config.key: required field missing)");
  }
}
