package io.gatehouse.plugins.runtime;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.PluginGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * grpc-web's JSON modes (Kong 3.9's grpc-web deco.lua with {@code proto}) in front of a real
 * grpc-java origin: {@code application/grpc-web+json} (framed JSON messages and the trailer frame),
 * {@code -text+json} (the same in base64), bare {@code application/json} (one message each way, no
 * trailer frame), a server stream, an unknown rpc, pass_stripped_path.
 */
class GrpcWebJsonIT {
  static PluginGateway gw;
  static BouncerOrigin origin;
  static HttpClient client;

  @BeforeAll
  static void start() throws Exception {
    origin = new BouncerOrigin();
    String proto = Path.of(GrpcWebJsonIT.class.getResource("/grpc-gateway/bouncer.proto").toURI()).toString();
    gw = new PluginGateway();
    ObjectNode svc = gw.insert("services", "{\"protocol\":\"grpc\",\"host\":\"127.0.0.1\",\"port\":" + origin.port() + "}");
    ObjectNode web = gw.insert("routes", "{\"paths\":[\"/bouncer.v1.Bouncer/\"]," + ref("service", svc) + "}");
    gw.plugin("grpc-web", "{\"proto\":\"" + proto + "\"}", ref("route", web));
    ObjectNode stripped = gw.insert("routes", "{\"paths\":[\"/web-json\"]," + ref("service", svc) + "}");
    gw.plugin("grpc-web", "{\"proto\":\"" + proto + "\",\"pass_stripped_path\":true}", ref("route", stripped));
    gw.apply();
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterAll
  static void stop() {
    client.close();
    origin.close();
    gw.close();
  }

  static HttpResponse<byte[]> post(String path, String contentType, byte[] body) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port() + path))
        .timeout(Duration.ofSeconds(20)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void framedJsonBothWays() throws Exception {
    HttpResponse<byte[]> r = post("/bouncer.v1.Bouncer/SayHello", "application/grpc-web+json",
        GrpcWebIT.frame(0, "{\"greeting\":\"web\"}"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/grpc-web+json");
    assertThat(GrpcWebIT.frames(r.body())).containsExactly("0:{\"reply\":\"hello web\",\"boolean_test\":false}",
        "128:grpc-status:0\r\ngrpc-message:\r\n");
    assertThat(origin.nextCall()).isEqualTo("bouncer.v1.Bouncer/SayHello application/grpc");
  }

  @Test
  void textJsonIsBase64() throws Exception {
    byte[] body = Base64.getEncoder().encode(GrpcWebIT.frame(0, "{\"greeting\":\"text\",\"boolean_test\":true}"));
    HttpResponse<byte[]> r = post("/bouncer.v1.Bouncer/SayHello", "application/grpc-web-text+json", body);
    assertThat(r.statusCode()).isEqualTo(200);
    java.io.ByteArrayOutputStream decoded = new java.io.ByteArrayOutputStream();
    for (String piece : new String(r.body(), StandardCharsets.US_ASCII).split("(?<==)(?=[^=])")) {
      decoded.writeBytes(Base64.getDecoder().decode(piece));
    }
    assertThat(GrpcWebIT.frames(decoded.toByteArray())).containsExactly(
        "0:{\"reply\":\"hello text\",\"boolean_test\":true}", "128:grpc-status:0\r\ngrpc-message:\r\n");
  }

  @Test
  void bareJsonIsOneMessageWithoutTrailerFrame() throws Exception {
    HttpResponse<byte[]> r = post("/bouncer.v1.Bouncer/SayHello", "application/json", json("{\"greeting\":\"plain\"}"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(Json.parse(new String(r.body(), StandardCharsets.UTF_8)))
        .isEqualTo(Json.parse("{\"reply\":\"hello plain\",\"boolean_test\":false}"));
  }

  @Test
  void aServerStreamFramesEachMessage() throws Exception {
    HttpResponse<byte[]> r = post("/bouncer.v1.Bouncer/Count", "application/grpc-web+json", GrpcWebIT.frame(0, "{\"upto\":2}"));
    assertThat(GrpcWebIT.frames(r.body())).isEqualTo(List.of("0:{\"i\":0}", "0:{\"i\":1}",
        "128:grpc-status:0\r\ngrpc-message:\r\n"));
  }

  @Test
  void anUnknownRpcIs400() throws Exception {
    HttpResponse<byte[]> r = post("/bouncer.v1.Bouncer/Nope", "application/grpc-web+json", GrpcWebIT.frame(0, "{}"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("Unknown path \"/bouncer.v1.Bouncer/Nope\"");
  }

  @Test
  void passStrippedPathNamesTheRpcByTheStrippedPath() throws Exception {
    HttpResponse<byte[]> r = post("/web-json/bouncer.v1.Bouncer/SayHello", "application/json", json("{\"greeting\":\"s\"}"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(Json.parse(new String(r.body(), StandardCharsets.UTF_8)).get("reply").asText()).isEqualTo("hello s");
  }

  @Test
  void anOriginErrorKeepsItsStatusInTheHeaders() throws Exception {
    HttpResponse<byte[]> r = post("/bouncer.v1.Bouncer/Lookup", "application/grpc-web+json", GrpcWebIT.frame(0, "{\"greeting\":\"x\"}"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("grpc-status")).hasValue("5");
    assertThat(r.headers().firstValue("grpc-message")).hasValue("no x");
  }
}
