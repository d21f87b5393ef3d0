package io.gatehouse.plugins.keyauth;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.PluginGateway;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** key-auth's {@code key_in_body} (Kong's spec/03-plugins/09-key-auth, body cases; reference plugins §3). */
class KeyAuthBodyIT {
  static PluginGateway gw;

  @BeforeAll
  static void start() {
    gw = new PluginGateway();
    gw.insert("keyauth_credentials", "{\"key\":\"body-key\"," + ref("consumer", gw.consumer("bodyuser")) + "}");
    gw.plugin("key-auth", "{\"key_in_body\":true}", ref("route", gw.serviceAndRoute("/body")));
    gw.plugin("key-auth", "{\"key_in_body\":true,\"hide_credentials\":true}", ref("route", gw.serviceAndRoute("/hide")));
    gw.apply();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static HttpResponse<String> post(String path, String type, String body) {
    return gw.send("POST", path, BodyPublishers.ofString(body), "Content-Type", type);
  }

  @Test
  void key_in_form_json_and_multipart_bodies() {
    assertThat(post("/body", "application/x-www-form-urlencoded", "apikey=body-key&x=1").statusCode()).isEqualTo(200);
    assertThat(post("/body", "application/json", "{\"apikey\":\"body-key\"}").statusCode()).isEqualTo(200);
    assertThat(post("/body", "multipart/form-data; boundary=b",
        "--b\r\nContent-Disposition: form-data; name=\"apikey\"\r\n\r\nbody-key\r\n--b--\r\n").statusCode()).isEqualTo(200);
  }

  @Test
  void wrong_or_odd_body_keys() {
    assertThat(post("/body", "application/json", "{\"apikey\":\"nope\"}").statusCode()).isEqualTo(401);
    HttpResponse<String> arr = post("/body", "application/json", "{\"apikey\":[\"body-key\"]}");
    assertThat(Json.parse(arr.body()).get("message").asText()).isEqualTo("Duplicate API key found");
    HttpResponse<String> bracket = post("/body", "application/x-www-form-urlencoded", "apikey[]=body-key");
    assertThat(Json.parse(bracket.body()).get("message").asText()).isEqualTo("No API key found in request");
    HttpResponse<String> text = post("/body", "text/plain", "apikey=body-key");
    assertThat(Json.parse(text.body()).get("message").asText()).isEqualTo("No API key found in request");
  }

  @Test
  void hide_credentials_strips_the_body_field() {
    HttpResponse<String> r = post("/hide", "application/json", "{\"apikey\":\"body-key\",\"keep\":1}");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode echo = Json.parse(r.body());
    assertThat(Json.parse(echo.get("body").asText()).has("apikey")).isFalse();
    assertThat(echo.get("headers").get("content-length").asInt()).isEqualTo(echo.get("body").asText().length());
    HttpResponse<String> form = post("/hide", "application/x-www-form-urlencoded", "a=1&apikey=body-key&b=2");
    assertThat(Json.parse(form.body()).get("body").asText()).isEqualTo("a=1&b=2");
  }
}
