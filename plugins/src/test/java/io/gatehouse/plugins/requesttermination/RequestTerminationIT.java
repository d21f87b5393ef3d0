package io.gatehouse.plugins.requesttermination;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.PluginGateway;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** request-termination (reference plugins §22, spec/03-plugins/14-request-termination). */
class RequestTerminationIT {
  static PluginGateway gw;

  @BeforeAll
  static void start() {
    gw = new PluginGateway();
    gw.plugin("request-termination", "{}", ref("route", gw.serviceAndRoute("/default")));
    gw.plugin("request-termination", "{\"status_code\":404}", ref("route", gw.serviceAndRoute("/404")));
    gw.plugin("request-termination", "{\"status_code\":406,\"message\":\"Invalid\"}", ref("route", gw.serviceAndRoute("/406")));
    gw.plugin("request-termination", "{\"status_code\":204}", ref("route", gw.serviceAndRoute("/204")));
    gw.plugin("request-termination", "{\"status_code\":451,\"body\":\"<html>gone</html>\",\"content_type\":\"text/html\"}",
        ref("route", gw.serviceAndRoute("/html")));
    gw.plugin("request-termination", "{\"trigger\":\"x-stop\"}", ref("route", gw.serviceAndRoute("/trigger")));
    gw.plugin("request-termination", "{\"echo\":true,\"status_code\":418}", ref("route", gw.serviceAndRoute("/echo")));
    var serviceless = gw.insert("routes", "{\"paths\":[\"/serviceless\"]}");
    gw.plugin("request-termination", "{}", ref("route", serviceless));
    gw.apply();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void default_is_503_service_unavailable_as_compact_json() {
    for (String path : new String[] {"/default", "/serviceless"}) {
      HttpResponse<String> r = gw.get(path);
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.body()).isEqualTo("{\"message\":\"Service unavailable\"}");
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    }
  }

  @Test
  void status_and_message() {
    assertThat(gw.get("/404").body()).isEqualTo("{\"message\":\"Not found\"}");
    HttpResponse<String> r = gw.get("/406");
    assertThat(r.statusCode()).isEqualTo(406);
    assertThat(r.body()).isEqualTo("{\"message\":\"Invalid\"}");
    HttpResponse<String> empty = gw.get("/204");
    assertThat(empty.statusCode()).isEqualTo(204);
    assertThat(empty.headers().firstValue("Content-Length")).isEmpty();
  }

  @Test
  void raw_body_with_content_type() {
    HttpResponse<String> r = gw.get("/html");
    assertThat(r.statusCode()).isEqualTo(451);
    assertThat(r.body()).isEqualTo("<html>gone</html>");
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html");
  }

  @Test
  void trigger_by_header_or_query() {
    assertThat(gw.get("/trigger").statusCode()).isEqualTo(200);
    assertThat(gw.get("/trigger", "X-Stop", "1").statusCode()).isEqualTo(503);
    assertThat(gw.get("/trigger?x-stop").statusCode()).isEqualTo(503);
  }

  @Test
  void echo_reflects_the_request() {
    HttpResponse<String> r = gw.get("/echo/x?a=1", "X-Probe", "p");
    assertThat(r.statusCode()).isEqualTo(418);
    var body = Json.parse(r.body());
    assertThat(body.at("/request/path").asText()).isEqualTo("/echo/x");
    assertThat(body.at("/request/headers/x-probe").asText()).isEqualTo("p");
    assertThat(body.at("/request/query/a").asText()).isEqualTo("1");
    assertThat(body.at("/matched_route/paths/0").asText()).isEqualTo("/echo");
  }

  @Test
  void config_checks() {
    assertThatThrownBy(() -> gw.plugin("request-termination", "{\"message\":\"m\",\"body\":\"b\"}", ""))
        .isInstanceOf(KongException.class);
    assertThatThrownBy(() -> gw.plugin("request-termination", "{\"content_type\":\"text/plain\"}", ""))
        .isInstanceOf(KongException.class);
    assertThatThrownBy(() -> gw.plugin("request-termination", "{\"status_code\":600}", ""))
        .isInstanceOf(KongException.class);
  }
}
