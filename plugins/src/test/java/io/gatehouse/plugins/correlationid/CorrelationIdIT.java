package io.gatehouse.plugins.correlationid;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static io.gatehouse.plugins.testing.PluginGateway.upstreamHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.error.KongException;
import io.gatehouse.plugins.testing.PluginGateway;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** correlation-id against a real proxy, pinning Kong's spec/03-plugins/11-correlation-id (reference plugins §20). */
class CorrelationIdIT {
  static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
  static PluginGateway gw;

  @BeforeAll
  static void start() {
    gw = new PluginGateway();
    gw.plugin("correlation-id", "{}", ref("route", gw.serviceAndRoute("/default")));
    gw.plugin("correlation-id", "{\"generator\":\"uuid\",\"header_name\":\"X-Request-Trace\",\"echo_downstream\":true}",
        ref("route", gw.serviceAndRoute("/uuid")));
    gw.plugin("correlation-id", "{\"generator\":\"tracker\",\"echo_downstream\":true}", ref("route", gw.serviceAndRoute("/tracker")));
    ObjectNode guarded = gw.serviceAndRoute("/guarded");
    gw.plugin("correlation-id", "{\"echo_downstream\":true}", ref("route", guarded));
    gw.plugin("key-auth", "{}", ref("route", guarded));
    ObjectNode terminated = gw.serviceAndRoute("/terminated");
    gw.plugin("correlation-id", "{\"echo_downstream\":true}", ref("route", terminated));
    gw.plugin("request-termination", "{\"status_code\":503}", ref("route", terminated));
    gw.apply();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void uuid_counter_by_default_increments_per_request_and_is_not_echoed() {
    HttpResponse<String> first = gw.get("/default");
    HttpResponse<String> second = gw.get("/default");
    Matcher a = Pattern.compile("^(" + UUID + ")#(\\d+)$").matcher(upstreamHeaders(first).get("kong-request-id").asText());
    Matcher b = Pattern.compile("^(" + UUID + ")#(\\d+)$").matcher(upstreamHeaders(second).get("kong-request-id").asText());
    assertThat(a.matches()).isTrue();
    assertThat(b.matches()).isTrue();
    assertThat(b.group(1)).isEqualTo(a.group(1));
    assertThat(Long.parseLong(b.group(2))).isGreaterThan(Long.parseLong(a.group(2)));
    assertThat(first.headers().firstValue("Kong-Request-ID")).isEmpty();
  }

  @Test
  void a_client_supplied_id_is_kept() {
    HttpResponse<String> r = gw.get("/default", "Kong-Request-ID", "foobar");
    assertThat(upstreamHeaders(r).get("kong-request-id").asText()).isEqualTo("foobar");
    HttpResponse<String> echoed = gw.get("/uuid", "X-Request-Trace", "mine");
    assertThat(upstreamHeaders(echoed).get("x-request-trace").asText()).isEqualTo("mine");
    assertThat(echoed.headers().firstValue("X-Request-Trace")).hasValue("mine");
    // an empty value counts as missing
    assertThat(upstreamHeaders(gw.get("/uuid", "X-Request-Trace", "")).get("x-request-trace").asText()).matches(UUID);
  }

  @Test
  void uuid_generator_with_echo() {
    HttpResponse<String> r = gw.get("/uuid");
    String id = upstreamHeaders(r).get("x-request-trace").asText();
    assertThat(id).matches(UUID);
    assertThat(r.headers().firstValue("X-Request-Trace")).hasValue(id);
    assertThat(upstreamHeaders(gw.get("/uuid")).get("x-request-trace").asText()).isNotEqualTo(id);
  }

  @Test
  void tracker_generator() {
    HttpResponse<String> r = gw.get("/tracker");
    String id = upstreamHeaders(r).get("kong-request-id").asText();
    int port = r.uri().getPort();
    assertThat(id).matches("^127\\.0\\.0\\.1-" + port + "-" + ProcessHandle.current().pid() + "-\\d+-\\d+-\\d+\\.\\d{3}$");
    assertThat(r.headers().firstValue("Kong-Request-ID")).hasValue(id);
    String next = upstreamHeaders(gw.get("/tracker")).get("kong-request-id").asText();
    assertThat(next).isNotEqualTo(id);
  }

  @Test
  void echoed_on_responses_other_plugins_generate() {
    HttpResponse<String> denied = gw.get("/guarded");
    assertThat(denied.statusCode()).isEqualTo(401);
    assertThat(denied.headers().firstValue("Kong-Request-ID").orElseThrow()).matches(UUID + "#\\d+");
    HttpResponse<String> terminated = gw.get("/terminated", "Kong-Request-ID", "abc");
    assertThat(terminated.statusCode()).isEqualTo(503);
    assertThat(terminated.headers().firstValue("Kong-Request-ID")).hasValue("abc");
  }

  @Test
  void schema_checks() {
    assertThatThrownBy(() -> gw.plugin("correlation-id", "{\"generator\":\"random\"}", ""))
        .isInstanceOf(KongException.class)
        .hasMessage("schema violation (config.generator: expected one of: uuid, uuid#counter, tracker)");
    assertThat(gw.plugin("correlation-id", "{}", "").get("config").toString())
        .isEqualTo("{\"header_name\":\"Kong-Request-ID\",\"generator\":\"uuid#counter\",\"echo_downstream\":false}");
  }
}
