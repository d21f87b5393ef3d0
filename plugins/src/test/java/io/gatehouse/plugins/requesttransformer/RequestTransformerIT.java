package io.gatehouse.plugins.requesttransformer;

import static io.gatehouse.plugins.testing.PluginGateway.id;
import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static io.gatehouse.plugins.testing.PluginGateway.upstreamHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.proxy.plugins.ConfigBinding;
import io.gatehouse.plugins.testing.PluginGateway;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** request-transformer (Kong's spec/03-plugins/36-request-transformer; reference plugins §15). */
class RequestTransformerIT {
  static PluginGateway gw;

  @BeforeAll
  static void start() {
    gw = new PluginGateway();
    gw.plugin("request-transformer", """
        {"remove":{"headers":["x-remove"],"querystring":["q-remove"]},
         "rename":{"headers":["x-old:x-new"],"querystring":["q-old:q-new"]},
         "replace":{"headers":["x-replace:replaced"],"querystring":["q-replace:r"]},
         "add":{"headers":["x-add:added","x-exists:no","x-from:$(headers.x_src or 'none')"],"querystring":["q-add:a"]},
         "append":{"headers":["x-append:two"],"querystring":["q-append:b"]}}""",
        ref("route", gw.serviceAndRoute("/headers")));
    gw.plugin("request-transformer", """
        {"remove":{"body":["secret"]},"rename":{"body":["old:new"]},"replace":{"body":["mode:prod"]},
         "add":{"body":["added:v:1","old:ignored"]},"append":{"body":["list:x"]}}""",
        ref("route", gw.serviceAndRoute("/body")));
    gw.plugin("request-transformer", "{\"http_method\":\"GET\"}", ref("route", gw.serviceAndRoute("/to-get")));
    ObjectNode svc = gw.insert("services", "{\"host\":\"127.0.0.1\",\"port\":" + gw.echoPort() + "}");
    ObjectNode regex = gw.insert("routes", "{\"paths\":[\"~/users/(?<user>\\\\w+)/items/(\\\\d+)$\"],"
        + "\"service\":{\"id\":\"" + id(svc) + "\"}}");
    gw.plugin("request-transformer", "{\"replace\":{\"uri\":\"/u/$(uri_captures.user)/$(uri_captures[2])\"},"
        + "\"add\":{\"querystring\":[\"from:$(query_params.src)\"]}}", ref("route", regex));
    hostRoutes();
    gw.apply();
  }

  /** Routes for the Host rules: plain, preserve_host, and through an upstream with host_header. */
  private static void hostRoutes() {
    gw.plugin("request-transformer", "{\"replace\":{\"headers\":[\"host:replaced.test\"]}}",
        ref("route", gw.serviceAndRoute("/host-replace")));
    ObjectNode svc = gw.insert("services", "{\"host\":\"127.0.0.1\",\"port\":" + gw.echoPort() + "}");
    ObjectNode preserved = gw.insert("routes", "{\"paths\":[\"/host-preserved\"],\"preserve_host\":true,"
        + "\"service\":{\"id\":\"" + id(svc) + "\"}}");
    gw.plugin("request-transformer", "{\"replace\":{\"headers\":[\"host:replaced.test\"]}}", ref("route", preserved));
    ObjectNode ignored = gw.insert("routes", "{\"paths\":[\"/host-ignored\"],\"preserve_host\":true,"
        + "\"service\":{\"id\":\"" + id(svc) + "\"}}");
    gw.plugin("request-transformer", "{\"remove\":{\"headers\":[\"host\"]},\"add\":{\"headers\":[\"host:mark\"]},"
        + "\"rename\":{\"headers\":[\"host:x-was-host\"]}}", ref("route", ignored));
    ObjectNode up = gw.insert("upstreams", "{\"name\":\"rt-host.test\",\"host_header\":\"from-upstream.test\"}");
    gw.insert("targets", "{\"upstream\":{\"id\":\"" + id(up) + "\"},\"target\":\"127.0.0.1:" + gw.echoPort() + "\"}");
    ObjectNode viaUpstream = gw.insert("services", "{\"host\":\"rt-host.test\"}");
    gw.insert("routes", "{\"paths\":[\"/host-upstream\"],\"service\":{\"id\":\"" + id(viaUpstream) + "\"}}");
    ObjectNode overUpstream = gw.insert("routes", "{\"paths\":[\"/host-over-upstream\"],"
        + "\"service\":{\"id\":\"" + id(viaUpstream) + "\"}}");
    gw.plugin("request-transformer", "{\"replace\":{\"headers\":[\"host:replaced.test\"]}}", ref("route", overUpstream));
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static JsonNode echo(HttpResponse<String> r) {
    assertThat(r.statusCode()).isEqualTo(200);
    return Json.parse(r.body());
  }

  @Test
  void header_rules_apply_in_kongs_order_and_templates_see_the_original_request() {
    JsonNode h = echo(gw.get("/headers", "x-remove", "1", "x-old", "o", "x-replace", "before", "x-exists", "yes",
        "x-append", "one", "x-src", "source")).get("headers");
    assertThat(h.has("x-remove")).isFalse();
    assertThat(h.has("x-old")).isFalse();
    assertThat(h.get("x-new").asText()).isEqualTo("o");
    assertThat(h.get("x-replace").asText()).isEqualTo("replaced");
    assertThat(h.get("x-add").asText()).isEqualTo("added");
    assertThat(h.get("x-exists").asText()).isEqualTo("yes");
    assertThat(h.get("x-from").asText()).isEqualTo("source");
    assertThat(h.get("x-append").asText()).isEqualTo("one, two");
  }

  @Test
  void replace_applies_only_to_present_headers_and_template_falls_back() {
    JsonNode h = echo(gw.get("/headers")).get("headers");
    assertThat(h.has("x-replace")).isFalse();
    assertThat(h.get("x-from").asText()).isEqualTo("none");
  }

  @Test
  void querystring_rules() {
    String uri = echo(gw.get("/headers?q-remove=1&q-old=o&q-replace=x&keep=k")).get("uri").asText();
    assertThat(uri).startsWith("/?"); // strip_path
    var args = io.gatehouse.net.FormCodec.parse(uri.substring(uri.indexOf('?') + 1));
    assertThat(args).doesNotContainKey("q-remove").doesNotContainKey("q-old");
    assertThat(args.get("q-new")).containsExactly("o");
    assertThat(args.get("q-replace")).containsExactly("r");
    assertThat(args.get("q-add")).containsExactly("a");
    assertThat(args.get("q-append")).containsExactly("b");
    assertThat(args.get("keep")).containsExactly("k");
  }

  @Test
  void json_body_rules_with_content_length_updated() {
    JsonNode e = echo(gw.send("POST", "/body", BodyPublishers.ofString(
        "{\"secret\":\"s\",\"old\":1,\"mode\":\"dev\",\"list\":\"a\"}"), "Content-Type", "application/json"));
    JsonNode body = Json.parse(e.get("body").asText());
    assertThat(body.has("secret")).isFalse();
    assertThat(body.get("new").asInt()).isEqualTo(1);
    assertThat(body.get("mode").asText()).isEqualTo("prod");
    assertThat(body.get("added").asText()).isEqualTo("v:1");
    assertThat(body.get("old").asText()).isEqualTo("ignored"); // renamed away, so add creates it
    assertThat(body.get("list")).hasSize(2);
    assertThat(e.get("headers").get("content-length").asInt()).isEqualTo(e.get("body").asText().length());
  }

  @Test
  void form_body_rules_and_a_chunked_client_body() {
    JsonNode e = echo(gw.send("POST", "/body",
        BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream("secret=s&mode=dev&x=1".getBytes())),
        "Content-Type", "application/x-www-form-urlencoded"));
    var args = io.gatehouse.net.FormCodec.parse(e.get("body").asText());
    assertThat(args).doesNotContainKey("secret");
    assertThat(args.get("mode")).containsExactly("prod");
    assertThat(args.get("x")).containsExactly("1");
    assertThat(args.get("list")).containsExactly("x");
  }

  @Test
  void multipart_body_rules() {
    String b = "--XyZ\r\nContent-Disposition: form-data; name=\"secret\"\r\n\r\ns\r\n"
        + "--XyZ\r\nContent-Disposition: form-data; name=\"mode\"\r\n\r\ndev\r\n--XyZ--\r\n";
    String out = echo(gw.send("POST", "/body", BodyPublishers.ofString(b), "Content-Type",
        "multipart/form-data; boundary=XyZ")).get("body").asText();
    assertThat(out).doesNotContain("name=\"secret\"").contains("name=\"mode\"\r\n\r\nprod\r\n")
        .contains("name=\"added\"\r\n\r\nv:1\r\n");
  }

  @Test
  void body_of_another_type_streams_untouched() {
    JsonNode e = echo(gw.send("POST", "/body", BodyPublishers.ofString("secret=s"), "Content-Type", "text/plain"));
    assertThat(e.get("body").asText()).isEqualTo("secret=s");
  }

  @Test
  void http_method_get_moves_form_body_into_the_query() {
    JsonNode e = echo(gw.send("POST", "/to-get?a=1", BodyPublishers.ofString("b=2"),
        "Content-Type", "application/x-www-form-urlencoded"));
    assertThat(e.get("method").asText()).isEqualTo("GET");
    assertThat(e.get("uri").asText()).isEqualTo("/?a=1&b=2"); // strip_path
  }

  @Test
  void replace_uri_with_numbered_and_named_captures() {
    JsonNode e = echo(gw.get("/users/ann/items/42?src=web"));
    assertThat(e.get("uri").asText()).isEqualTo("/u/ann/42?src=web&from=web");
  }

  @Test
  void body_rule_without_value_and_unsupported_template_are_rejected() {
    assertThatThrownBy(() -> new RequestTransformerPlugin().prepare(ConfigBinding.bind((ObjectNode) Json.parse(
        "{\"add\":{\"body\":[\"novalue\"]}}"), RequestTransformerPlugin.Config.class))).hasMessageContaining("key 'novalue' has no value");
    assertThatThrownBy(() -> new RequestTransformerPlugin().prepare(ConfigBinding.bind((ObjectNode) Json.parse(
        "{\"add\":{\"headers\":[\"x:$(os.exit())\"]}}"), RequestTransformerPlugin.Config.class))).hasMessageContaining("unsupported template expression");
  }

  /**
   * Kong: {@code replace} of host always applies and goes through
   * {@code kong.service.request.set_header}, which sets {@code upstream_host}: the balancer then
   * treats it as preserve_host, so it wins over the target, preserve_host and host_header.
   */
  @Test
  void replace_of_host_reaches_the_upstream_over_every_other_host_rule() {
    assertThat(echo(gw.get("/host-replace")).get("headers").get("host").asText()).isEqualTo("replaced.test");
    assertThat(echo(gw.get("/host-preserved")).get("headers").get("host").asText()).isEqualTo("replaced.test");
    assertThat(echo(gw.get("/host-over-upstream")).get("headers").get("host").asText()).isEqualTo("replaced.test");
  }

  /** Kong's rules still apply without a plugin-set Host (upstream host_header here). */
  @Test
  void without_a_plugin_set_host_the_upstream_host_header_applies() {
    assertThat(echo(gw.get("/host-upstream")).get("headers").get("host").asText()).isEqualTo("from-upstream.test:" + gw.echoPort()); // with the target port, as Kong
  }

  /**
   * Kong's transform_headers drops host before the rules, so remove, rename from and add ("should
   * not change the host header", spec 36 access_spec) leave it alone.
   */
  @Test
  void remove_rename_and_add_never_touch_host() {
    JsonNode h = echo(gw.get("/host-ignored")).get("headers");
    assertThat(h.get("host").asText()).isEqualTo("127.0.0.1:" + gw.port());
    assertThat(h.has("x-was-host")).isFalse();
  }
}
