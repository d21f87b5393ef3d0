package io.gatehouse.plugins.datadog;

import static io.gatehouse.plugins.testing.PluginGateway.id;
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
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * datadog (Kong 3.9 {@code kong/plugins/datadog}) against a real proxy, an echo upstream and real UDP
 * sockets: DogStatsD lines with Kong's names and tags, checked by the published datagram format
 * ({@code metric:value|type|@rate|#tag,tag}) and against the udp-log entry of the same request.
 */
class DatadogIT {
  static final Pattern DOGSTATSD = Pattern.compile("[a-z_.]+:-?[0-9]+\\|(c|ms|g|h|m|s|d)(\\|@[0-9.]+)?\\|#[^|]+");

  static PluginGateway gw;
  static UdpReceiver defaults, custom, log;
  static ObjectNode alice;

  @BeforeAll
  static void start() throws IOException {
    defaults = new UdpReceiver();
    custom = new UdpReceiver();
    log = new UdpReceiver();
    gw = new PluginGateway();
    alice = gw.insert("consumers", "{\"username\":\"alice\",\"custom_id\":\"cust-1\"}");
    gw.insert("keyauth_credentials", "{\"key\":\"alice-key\"," + ref("consumer", alice) + "}");

    ObjectNode svc = gw.insert("services", "{\"name\":\"dd.svc\",\"host\":\"127.0.0.1\",\"port\":" + gw.echoPort() + "}");
    ObjectNode route = gw.insert("routes", "{\"paths\":[\"/dd\"]," + ref("service", svc) + "}");
    gw.plugin("key-auth", "{}", ref("route", route));
    gw.plugin("datadog", "{\"host\":\"127.0.0.1\",\"port\":" + defaults.port() + "}", ref("route", route));
    gw.plugin("udp-log", "{\"host\":\"127.0.0.1\",\"port\":" + log.port() + "}", ref("route", route));

    // no name: the service's host names it
    ObjectNode anon = gw.insert("services", "{\"host\":\"localhost\",\"port\":" + gw.echoPort() + "}");
    ObjectNode anonRoute = gw.insert("routes", "{\"paths\":[\"/anon\"]," + ref("service", anon) + "}");
    gw.plugin("key-auth", "{}", ref("route", anonRoute));
    gw.plugin("datadog", "{\"host\":\"127.0.0.1\",\"port\":" + custom.port() + ",\"prefix\":\"gw\","
        + "\"service_name_tag\":\"svc\",\"status_tag\":\"code\",\"consumer_tag\":\"who\",\"metrics\":["
        + "{\"name\":\"request_count\",\"stat_type\":\"counter\",\"sample_rate\":0.25,\"consumer_identifier\":\"consumer_id\","
        + "\"tags\":[\"env:test\",\"team\"]},"
        + "{\"name\":\"upstream_latency\",\"stat_type\":\"distribution\",\"consumer_identifier\":\"username\"},"
        + "{\"name\":\"response_size\",\"stat_type\":\"histogram\"}]}", ref("route", anonRoute));
    gw.apply();
  }

  @AfterAll
  static void stop() {
    gw.close();
    defaults.close();
    custom.close();
    log.close();
  }

  @Test
  void default_metrics_are_kongs_with_service_status_consumer_and_app_tags() throws IOException {
    var r = gw.get("/dd/x", "apikey", "alice-key");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode entry = Json.parse(log.next());
    List<String> lines = defaults.next(6, "default metrics");
    lines.forEach(l -> assertThat(l).matches(DOGSTATSD));
    String tags = "|#name:dd_svc,status:200,consumer:cust-1,app:kong";
    assertThat(lines.stream().map(l -> l.replaceAll("^(kong\\.(latency|kong_latency)):[0-9]+", "$1:T")).toList())
        .containsExactly(
            "kong.request.count:1|c" + tags,
            "kong.latency:T|ms" + tags,
            "kong.request.size:" + entry.get("request").get("size").asLong() + "|ms" + tags,
            "kong.response.size:" + entry.get("response").get("size").asLong() + "|ms" + tags,
            "kong.upstream_latency:" + entry.get("latencies").get("proxy").asLong() + "|ms" + tags,
            "kong.kong_latency:T|ms" + tags);
  }

  @Test
  void prefix_tag_names_rates_identifiers_and_extra_tags_follow_the_config() throws IOException {
    gw.get("/anon/x", "apikey", "alice-key");
    List<String> lines = custom.next(3, "custom metrics");
    assertThat(lines.get(0)).isEqualTo("gw.request.count:1|c|@0.25|#svc:localhost,code:200,who:"
        + id(alice).replace('-', '_') + ",env:test,team");
    assertThat(lines.get(1)).matches("gw\\.upstream_latency:[0-9]+\\|d\\|#svc:localhost,code:200,who:alice");
    assertThat(lines.get(2)).matches("gw\\.response\\.size:[0-9]+\\|h\\|#svc:localhost,code:200");
  }

  @Test
  void a_request_stopped_by_the_gateway_has_no_upstream_time() throws IOException {
    var r = gw.get("/anon/x"); // no key: 401 before any upstream
    assertThat(r.statusCode()).isEqualTo(401);
    List<String> lines = custom.next(3, "401");
    assertThat(lines.get(0)).isEqualTo("gw.request.count:1|c|@0.25|#svc:localhost,code:401,env:test,team");
    assertThat(lines.get(1)).isEqualTo("gw.upstream_latency:-1|d|#svc:localhost,code:401");
  }

  @Test
  void schema_defaults_and_checks_are_kongs() {
    JsonNode config = gw.plugin("datadog", "{}", "").get("config");
    assertThat(config.get("host").asText()).isEqualTo("localhost");
    assertThat(config.get("port").asInt()).isEqualTo(8125);
    assertThat(config.get("prefix").asText()).isEqualTo("kong");
    assertThat(config.get("service_name_tag").asText()).isEqualTo("name");
    assertThat(config.get("status_tag").asText()).isEqualTo("status");
    assertThat(config.get("consumer_tag").asText()).isEqualTo("consumer");
    assertThat(config.get("metrics")).hasSize(6);
    assertThat(config.get("metrics").get(1).get("tags").toString()).isEqualTo("[\"app:kong\"]");
    assertThatThrownBy(() -> gw.plugin("datadog", "{\"metrics\":[{\"name\":\"latency\",\"stat_type\":\"gauge\"}]}", ""))
        .isInstanceOf(KongException.class).hasMessageContaining("required field missing");
    assertThatThrownBy(() -> gw.plugin("datadog", "{\"metrics\":[{\"name\":\"latency\",\"stat_type\":\"timer\","
        + "\"tags\":[\"env:\"]}]}", "")).isInstanceOf(KongException.class).hasMessageContaining("invalid value: env:");
    assertThatThrownBy(() -> gw.plugin("datadog", "{\"metrics\":[{\"name\":\"latency\",\"stat_type\":\"timer\","
        + "\"sample_rate\":2}]}", "")).isInstanceOf(KongException.class).hasMessageContaining("between 0 and 1");
    assertThatThrownBy(() -> gw.plugin("datadog", "{\"metrics\":[{\"name\":\"status_count\",\"stat_type\":\"counter\","
        + "\"sample_rate\":1}]}", "")).isInstanceOf(KongException.class).hasMessageContaining("expected one of");
  }
}
