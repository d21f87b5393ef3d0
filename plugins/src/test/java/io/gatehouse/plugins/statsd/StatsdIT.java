package io.gatehouse.plugins.statsd;

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
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * statsd (Kong 3.9 {@code kong/plugins/statsd}) against a real proxy, an echo upstream and real UDP
 * and TCP sockets on loopback: Kong's default metric list and names, tag styles, packing into
 * {@code udp_packet_size} datagrams, TCP lines, {@code allow_status_codes}, the unmatched scope.
 * Values are checked against the udp-log entry of the same request.
 */
class StatsdIT {
  /** A statsd line by the published format: {@code name:value|type[|@rate][|#tags]}. */
  static final Pattern LINE = Pattern.compile("([^:|]+):([^|]+)\\|(c|ms|g|h|m|s)(\\|@[0-9.]+)?(\\|#.*)?");
  static final String HOST = hostname();
  /** The default workspace's id: workspace_identifier_default is workspace_id, as in Kong. */
  static final String DEFAULT_WORKSPACE = io.gatehouse.core.entity.EntityWorkspace.DEFAULT_ID;
  static final java.util.Map<String, ObjectNode> ROUTES = new java.util.HashMap<>();

  static PluginGateway gw;
  static UdpReceiver plain, packed, log, dog, influx, librato, signalfx, filtered, global;
  static ServerSocket tcpServer;
  static ObjectNode plainRoute;

  @BeforeAll
  static void start() throws IOException {
    plain = new UdpReceiver();
    packed = new UdpReceiver();
    log = new UdpReceiver();
    dog = new UdpReceiver();
    influx = new UdpReceiver();
    librato = new UdpReceiver();
    signalfx = new UdpReceiver();
    filtered = new UdpReceiver();
    global = new UdpReceiver();
    tcpServer = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    gw = new PluginGateway();
    ObjectNode alice = gw.insert("consumers", "{\"username\":\"alice\",\"custom_id\":\"cust-1\"}");
    gw.insert("keyauth_credentials", "{\"key\":\"alice-key\"," + ref("consumer", alice) + "}");

    plainRoute = namedServiceRoute("my.svc", "/plain");
    gw.plugin("key-auth", "{}", ref("route", plainRoute));
    gw.plugin("statsd", "{\"host\":\"127.0.0.1\",\"port\":" + plain.port() + "}", ref("route", plainRoute));
    gw.plugin("udp-log", "{\"host\":\"127.0.0.1\",\"port\":" + log.port() + "}", ref("route", plainRoute));

    ObjectNode packedRoute = namedServiceRoute("packed", "/packed");
    gw.plugin("key-auth", "{}", ref("route", packedRoute));
    gw.plugin("statsd", "{\"host\":\"127.0.0.1\",\"port\":" + packed.port() + ",\"udp_packet_size\":200}",
        ref("route", packedRoute));

    for (var style : List.of(List.of("dogstatsd", dog), List.of("influxdb", influx), List.of("librato", librato),
        List.of("signalfx", signalfx))) {
      ObjectNode r = namedServiceRoute("tags-" + style.get(0), "/" + style.get(0));
      gw.plugin("key-auth", "{}", ref("route", r));
      gw.plugin("statsd", "{\"host\":\"127.0.0.1\",\"port\":" + ((UdpReceiver) style.get(1)).port()
          + ",\"tag_style\":\"" + style.get(0) + "\",\"metrics\":[{\"name\":\"request_count\",\"stat_type\":\"counter\","
          + "\"sample_rate\":0.5},{\"name\":\"status_count\",\"stat_type\":\"counter\",\"sample_rate\":1}]}",
          ref("route", r));
    }

    ObjectNode tcpRoute = namedServiceRoute("tcp", "/tcp");
    gw.plugin("statsd", "{\"host\":\"127.0.0.1\",\"port\":" + tcpServer.getLocalPort() + ",\"use_tcp\":true,"
        + "\"prefix\":\"edge\",\"hostname_in_prefix\":true,\"metrics\":[{\"name\":\"request_count\","
        + "\"stat_type\":\"counter\",\"sample_rate\":1},{\"name\":\"response_size\",\"stat_type\":\"gauge\","
        + "\"sample_rate\":1}]}", ref("route", tcpRoute));

    ObjectNode errorsOnly = namedServiceRoute("errors", "/errors-only");
    gw.plugin("statsd", "{\"host\":\"127.0.0.1\",\"port\":" + filtered.port() + ",\"prefix\":\"a\","
        + "\"allow_status_codes\":[\"500-599\"],\"metrics\":[{\"name\":\"request_count\",\"stat_type\":\"counter\","
        + "\"sample_rate\":1}]}", ref("route", errorsOnly));
    ObjectNode okOnly = namedServiceRoute("ok", "/ok-only");
    gw.plugin("statsd", "{\"host\":\"127.0.0.1\",\"port\":" + filtered.port() + ",\"prefix\":\"b\","
        + "\"allow_status_codes\":[\"200-299\",\"404-404\"],\"metrics\":[{\"name\":\"request_count\","
        + "\"stat_type\":\"counter\",\"sample_rate\":1}]}", ref("route", okOnly));

    gw.plugin("statsd", "{\"host\":\"127.0.0.1\",\"port\":" + global.port() + "}", "");
    gw.apply();
  }

  @AfterAll
  static void stop() throws IOException {
    gw.close();
    for (UdpReceiver r : List.of(plain, packed, log, dog, influx, librato, signalfx, filtered, global)) r.close();
    tcpServer.close();
  }

  /** A service with this name on the echo upstream and a route with this path. */
  static ObjectNode namedServiceRoute(String name, String path) {
    ObjectNode svc = gw.insert("services", "{\"name\":\"" + name + "\",\"host\":\"127.0.0.1\",\"port\":"
        + gw.echoPort() + "}");
    ObjectNode route = gw.insert("routes", "{\"paths\":[\"" + path + "\"],\"service\":{\"id\":\"" + id(svc) + "\"}}");
    ROUTES.put(path, route);
    return route;
  }

  static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName().replace('.', '_');
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void default_metrics_have_kongs_names_and_the_entrys_values() throws IOException {
    var r = gw.get("/plain/x", "apikey", "alice-key");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode entry = Json.parse(log.next());
    List<String> lines = plain.next(12, "default metrics");
    lines.forEach(l -> assertThat(l).matches(LINE));
    String route = id(plainRoute);
    JsonNode lat = entry.get("latencies");
    // sizes and the upstream time are the entry's; the request and kong times are read when each plugin serializes
    assertThat(normalizedTimes(lines)).containsExactly(
        "kong.service.my_svc.request.count:1|c",
        "kong.service.my_svc.latency:T|ms",
        "kong.service.my_svc.request.size:" + entry.get("request").get("size").asLong() + "|c",
        "kong.service.my_svc.status.200:1|c",
        "kong.service.my_svc.response.size:" + entry.get("response").get("size").asLong() + "|c",
        "kong.service.my_svc.user.uniques:cust-1|s",
        "kong.service.my_svc.user.cust-1.request.count:1|c",
        "kong.service.my_svc.upstream_latency:" + lat.get("proxy").asLong() + "|ms",
        "kong.service.my_svc.kong_latency:T|ms",
        "kong.service.my_svc.user.cust-1.status.200:1|c",
        "kong.service.my_svc.workspace." + entry.get("workspace").asText() + ".status.200:1|c",
        "kong.route." + route + ".user.cust-1.status.200:1|c");
    assertThat(plain.drain(300)).isEmpty(); // shdict_usage: nothing to report
  }

  @Test
  void udp_packet_size_packs_lines_into_datagrams_that_fit() throws IOException {
    gw.get("/packed/x", "apikey", "alice-key");
    List<String> datagrams = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    while (lines.size() < 12) {
      String d = packed.next();
      datagrams.add(d);
      lines.addAll(Arrays.asList(d.split("\n")));
    }
    assertThat(datagrams).allSatisfy(d -> assertThat(d.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(200));
    assertThat(datagrams.size()).isBetween(3, 6);
    assertThat(normalized(lines)).containsExactly(
        "kong.service.packed.request.count:1|c",
        "kong.service.packed.latency:N|ms",
        "kong.service.packed.request.size:N|c",
        "kong.service.packed.status.200:1|c",
        "kong.service.packed.response.size:N|c",
        "kong.service.packed.user.uniques:cust-1|s",
        "kong.service.packed.user.cust-1.request.count:1|c",
        "kong.service.packed.upstream_latency:N|ms",
        "kong.service.packed.kong_latency:N|ms",
        "kong.service.packed.user.cust-1.status.200:1|c",
        "kong.service.packed.workspace." + DEFAULT_WORKSPACE + ".status.200:1|c",
        "kong.route." + lines.get(11).split("\\.")[2] + ".user.cust-1.status.200:1|c");
  }

  @Test
  void tag_styles_put_service_route_workspace_consumer_node_and_status_tags_where_each_wants_them() throws IOException {
    String tags = "service=tags-%s,route=%s,workspace=" + DEFAULT_WORKSPACE + ",consumer=cust-1,node=" + HOST + ",status=200";
    for (String style : List.of("dogstatsd", "influxdb", "librato", "signalfx")) {
      gw.get("/" + style + "/x", "apikey", "alice-key");
    }
    String route = id(routeOf("/dogstatsd"));
    assertThat(dog.next()).isEqualTo("kong.request.count:1|c|@0.5|#" + String.format(tags, "dogstatsd", route)
        .replace('=', ':'));
    assertThat(influx.next()).isEqualTo("kong.request.count," + String.format(tags, "influxdb", id(routeOf("/influxdb")))
        + ":1|c|@0.5");
    assertThat(librato.next()).isEqualTo("kong.request.count#" + String.format(tags, "librato", id(routeOf("/librato")))
        + ":1|c|@0.5");
    assertThat(signalfx.next()).isEqualTo("kong.request.count[" + String.format(tags, "signalfx",
        id(routeOf("/signalfx"))) + "]:1|c|@0.5");
    // status_count is one of the metrics Kong leaves out in tag mode
    assertThat(dog.drain(300)).isEmpty();
  }

  static JsonNode routeOf(String path) {
    return ROUTES.get(path);
  }

  @Test
  void use_tcp_writes_newline_ended_lines_with_the_hostname_in_the_prefix() throws IOException {
    gw.get("/tcp/x");
    try (Socket s = tcpServer.accept()) {
      s.setSoTimeout(10_000);
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      assertThat(in.readLine()).isEqualTo("edge.node." + HOST + ".service.tcp.request.count:1|c");
      assertThat(in.readLine()).matches(Pattern.quote("edge.node." + HOST + ".service.tcp.response.size:") + "[0-9]+\\|g");
    }
  }

  @Test
  void allow_status_codes_keeps_other_responses_out() throws IOException {
    gw.get("/errors-only/x"); // 200: not in 500-599
    gw.get("/ok-only/x");
    assertThat(filtered.next()).isEqualTo("b.service.ok.request.count:1|c");
    assertThat(filtered.drain(500)).isEmpty();
  }

  @Test
  void a_request_no_route_matched_counts_under_global_unmatched() throws IOException {
    var r = gw.get("/nowhere");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(normalized(global.next(7, "unmatched"))).containsExactly(
        "kong.global.unmatched.request.count:1|c",
        "kong.global.unmatched.latency:N|ms",
        "kong.global.unmatched.request.size:N|c",
        "kong.global.unmatched.status.404:1|c",
        "kong.global.unmatched.response.size:N|c",
        "kong.global.unmatched.kong_latency:N|ms",
        "kong.global.unmatched.workspace." + DEFAULT_WORKSPACE + ".status.404:1|c");
  }

  @Test
  void schema_defaults_and_checks_are_kongs() {
    JsonNode config = gw.plugin("statsd", "{}", "").get("config");
    assertThat(config.get("host").asText()).isEqualTo("localhost");
    assertThat(config.get("port").asInt()).isEqualTo(8125);
    assertThat(config.get("prefix").asText()).isEqualTo("kong");
    assertThat(config.get("udp_packet_size").asInt()).isZero();
    assertThat(config.get("consumer_identifier_default").asText()).isEqualTo("custom_id");
    assertThat(config.get("service_identifier_default").asText()).isEqualTo("service_name_or_host");
    assertThat(config.get("workspace_identifier_default").asText()).isEqualTo("workspace_id");
    assertThat(config.get("queue").get("max_batch_size").asInt()).isEqualTo(1);
    assertThat(config.get("metrics")).hasSize(13);
    assertThat(config.get("metrics").get(0).toString()).startsWith("{\"name\":\"request_count\",\"stat_type\":\"counter\","
        + "\"sample_rate\":1");
    assertThatThrownBy(() -> gw.plugin("statsd", "{\"metrics\":[{\"name\":\"request_count\",\"stat_type\":\"counter\"}]}",
        "")).isInstanceOf(KongException.class).hasMessageContaining("required field missing");
    assertThatThrownBy(() -> gw.plugin("statsd", "{\"allow_status_codes\":[\"2xx\"]}", ""))
        .isInstanceOf(KongException.class).hasMessageContaining("invalid value: 2xx");
    assertThatThrownBy(() -> gw.plugin("statsd", "{\"tag_style\":\"graphite\"}", ""))
        .isInstanceOf(KongException.class).hasMessageContaining("expected one of: dogstatsd, influxdb, librato, signalfx");
    assertThatThrownBy(() -> gw.plugin("statsd", "{\"metrics\":[{\"name\":\"latency\",\"stat_type\":\"timer\","
        + "\"sample_rate\":0}]}", "")).isInstanceOf(KongException.class)
        .hasMessageContaining("value must be greater than 0");
  }

  /** Request and kong latencies as T; everything else exact. */
  static List<String> normalizedTimes(List<String> lines) {
    return lines.stream().map(l -> l.replaceAll("(\\.(latency|kong_latency)):[0-9]+\\|", "$1:T|")).toList();
  }

  /** Timings and sizes as N; everything else exact. */
  static List<String> normalized(List<String> lines) {
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      Matcher m = LINE.matcher(l);
      assertThat(m.matches()).as(l).isTrue();
      boolean measured = m.group(1).endsWith("latency") || m.group(1).endsWith(".size");
      out.add(measured ? m.group(1) + ":N|" + m.group(3) : l);
    }
    return out;
  }
}
