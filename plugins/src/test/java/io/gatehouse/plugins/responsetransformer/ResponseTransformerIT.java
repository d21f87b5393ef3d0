package io.gatehouse.plugins.responsetransformer;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.PluginGateway;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** response-transformer (Kong's spec/03-plugins/15-response-transformer; reference plugins §16). */
class ResponseTransformerIT {
  static PluginGateway gw;

  @BeforeAll
  static void start() {
    gw = new PluginGateway();
    gw.plugin("response-transformer", """
        {"remove":{"headers":["x-kong-upstream-status"],"json":["version"]},
         "rename":{"headers":["X-Kong-Request-Id:X-Renamed-Id"],"json":["port:upstream_port"]},
         "add":{"headers":["x-added:a:b"],"json":["n:42","flag:true","s:\\"v1\\""],"json_types":["number","boolean"]},
         "replace":{"json":["method:REPLACED"]},
         "append":{"headers":["x-added:c"],"json":["uri:/appended"]}}""",
        ref("route", gw.serviceAndRoute("/all")));
    gw.plugin("response-transformer", "{\"add\":{\"headers\":[\"x-only:header\"]}}",
        ref("route", gw.serviceAndRoute("/headers-only")));
    gw.apply();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void headers_follow_remove_rename_replace_add_append() {
    HttpResponse<String> r = gw.get("/all");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Renamed-Id")).isPresent();
    assertThat(r.headers().firstValue("X-Kong-Request-Id")).isEmpty();
    assertThat(r.headers().firstValue("X-Kong-Upstream-Status")).isEmpty();
    assertThat(r.headers().allValues("x-added")).containsExactly("a:b", "c");
  }

  @Test
  void json_body_is_transformed_and_sent_chunked() {
    HttpResponse<String> r = gw.get("/all");
    assertThat(r.headers().firstValue("Content-Length")).isEmpty();
    JsonNode body = Json.parse(r.body());
    assertThat(body.has("version")).isFalse();
    assertThat(body.has("port")).isFalse();
    assertThat(body.get("upstream_port").isInt()).isTrue();
    assertThat(body.get("n").isNumber()).isTrue();
    assertThat(body.get("n").asInt()).isEqualTo(42);
    assertThat(body.get("flag").booleanValue()).isTrue();
    assertThat(body.get("s").asText()).isEqualTo("\"v1\"");
    assertThat(body.get("method").asText()).isEqualTo("REPLACED");
    assertThat(body.get("uri")).hasSize(2);
    assertThat(body.get("uri").get(1).asText()).isEqualTo("/appended");
  }

  @Test
  void header_only_rules_leave_the_body_streaming_with_its_length() {
    HttpResponse<String> r = gw.get("/headers-only");
    assertThat(r.headers().firstValue("x-only")).hasValue("header");
    assertThat(r.headers().firstValue("Content-Length")).hasValue(Integer.toString(r.body().length()));
  }

  @Test
  void json_detection_follows_kong() {
    assertThat(ResponseTransformer.isJson("application/json; charset=utf-8")).isTrue();
    assertThat(ResponseTransformer.isJson("application/vnd.api+json")).isTrue();
    assertThat(ResponseTransformer.isJson("text/html, application/json")).isTrue();
    assertThat(ResponseTransformer.isJson("text/json")).isFalse();
  }
}
