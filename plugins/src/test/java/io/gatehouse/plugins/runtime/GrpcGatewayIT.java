package io.gatehouse.plugins.runtime;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.PluginGateway;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * grpc-gateway (Kong 3.9's plugin and its spec 28-grpc-gateway/01-proxy_spec.lua) between the JDK's
 * HTTP/1.1 client and a real grpc-java origin: bindings and additional bindings, path variables,
 * query arguments (nested, booleans, unbound ones dropped), {@code body: "*"} and a field body,
 * Timestamps and 64-bit integers in Kong's JSON, a server stream as concatenated objects, grpc-status
 * to HTTP status, Kong's 400 texts, the CORS preflight.
 */
class GrpcGatewayIT {
  static PluginGateway gw;
  static BouncerOrigin origin;

  @BeforeAll
  static void start() throws Exception {
    origin = new BouncerOrigin();
    String proto = Path.of(GrpcGatewayIT.class.getResource("/grpc-gateway/bouncer.proto").toURI()).toString();
    gw = new PluginGateway();
    ObjectNode svc = gw.insert("services", "{\"protocol\":\"grpc\",\"host\":\"127.0.0.1\",\"port\":" + origin.port() + "}");
    ObjectNode rest = gw.insert("routes", "{\"paths\":[\"/v1\",\"/bounce\"]," + ref("service", svc) + "}");
    gw.plugin("grpc-gateway", "{\"proto\":\"" + proto + "\"}", ref("route", rest));
    ObjectNode bare = gw.insert("routes", "{\"paths\":[\"/no-proto\"]," + ref("service", svc) + "}");
    gw.plugin("grpc-gateway", "{}", ref("route", bare));
    ObjectNode missing = gw.insert("routes", "{\"paths\":[\"/missing-proto\"]," + ref("service", svc) + "}");
    gw.plugin("grpc-gateway", "{\"proto\":\"/nowhere/none.proto\"}", ref("route", missing));
    gw.apply();
  }

  @AfterAll
  static void stop() {
    origin.close();
    gw.close();
  }

  @BeforeEach
  void clear() {
    origin.clear();
  }

  static HttpResponse<String> post(String path, String json) {
    return gw.send("POST", path, HttpRequest.BodyPublishers.ofString(json), "Content-Type", "application/json");
  }

  @Test
  void aPathVariableBecomesTheMessageAndTheReplyJson() throws Exception {
    HttpResponse<String> r = gw.get("/v1/messages/john_doe");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    assertThat(Json.parse(r.body())).as("proto3 zero values are printed, as Kong's decoder fills them")
        .isEqualTo(Json.parse("{\"reply\":\"hello john_doe\",\"boolean_test\":false}"));
    assertThat(origin.nextCall()).isEqualTo("bouncer.v1.Bouncer/SayHello application/grpc");
  }

  @Test
  void anAdditionalBindingWithTheRestOfThePath() {
    HttpResponse<String> r = gw.get("/v1/messages/legacy/john/doe");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(Json.parse(r.body()).get("reply").asText()).isEqualTo("hello john/doe");
  }

  @Test
  void queryArgumentsAreDroppedWhenTheBindingTakesTheBody() {
    HttpResponse<String> r = gw.get("/v1/messages/john_doe?arg1=1&arg2.test=2&boolean_test=true");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(Json.parse(r.body())).isEqualTo(Json.parse("{\"reply\":\"hello john_doe\",\"boolean_test\":false}"));
  }

  @ParameterizedTest
  @CsvSource({"true,true", "false,false", "0,false", "1,true", "yes,true"})
  void aBooleanQueryArgument(String value, boolean expected) {
    HttpResponse<String> r = gw.get("/v1/messages/legacy/john_doe?boolean_test=" + value);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(Json.parse(r.body()).get("boolean_test").asBoolean()).isEqualTo(expected);
  }

  @Test
  void nestedQueryArgumentsFillSubMessages() {
    HttpResponse<String> r = gw.get("/v1/grow/tail?name=lizard&hands.count=0&hands.endings=fingers&legs.count=4"
        + "&legs.endings=toes&tail.count=0&tail.endings=tip&tail.unknown=1&nothing=2");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(Json.parse(r.body())).isEqualTo(Json.parse("{\"name\":\"lizard\",\"hands\":{\"count\":0,\"endings\":\"fingers\"},"
        + "\"legs\":{\"count\":4,\"endings\":\"toes\"},\"tail\":{\"count\":1,\"endings\":\"tip\"}}"));
  }

  @Test
  void aFieldBodyFillsThatField() {
    HttpResponse<String> r = gw.send("PUT", "/v1/creatures/newt/hands",
        HttpRequest.BodyPublishers.ofString("{\"count\":4,\"endings\":\"claws\"}"), "Content-Type", "application/json");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = Json.parse(r.body());
    assertThat(body.get("name").asText()).isEqualTo("newt");
    assertThat(body.get("hands")).isEqualTo(Json.parse("{\"count\":4,\"endings\":\"claws\"}"));
    assertThat(body.get("tail").get("count").asInt()).isEqualTo(1);
  }

  @Test
  void timestampsAsKongWritesThem() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    DateTimeFormatter noZone = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
    String nowText = noZone.format(now);
    String agoText = DateTimeFormatter.ISO_INSTANT.format(now.minusSeconds(315));
    HttpResponse<String> r = post("/bounce", "{\"message\":\"hi\",\"when\":\"" + agoText + "\",\"now\":\"" + nowText + "\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(Json.parse(r.body())).as("a zone-less time is UTC; the reply's has no zone and no fraction, as Kong's")
        .isEqualTo(Json.parse("{\"reply\":\"hello hi\",\"seconds_ago\":315,\"now\":\"" + nowText + "\"}"));
  }

  @Test
  void emptyArraysAndLargeIntegersSurviveTheRoundTrip() {
    HttpResponse<String> r = post("/v1/echo", "{\"array\":[],\"nullable\":\"\",\"big\":9007199254740993}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"array\":[]").contains("\"big\":9007199254740993");
    HttpResponse<String> full = post("/v1/echo", "{\"array\":[\"a\",\"b\"],\"nullable\":\"x\",\"unknown\":1}");
    assertThat(Json.parse(full.body())).isEqualTo(Json.parse("{\"array\":[\"a\",\"b\"],\"nullable\":\"x\",\"big\":0}"));
  }

  @Test
  void aServerStreamIsConcatenatedJson() {
    HttpResponse<String> r = gw.get("/v1/count/3");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"i\":0}{\"i\":1}{\"i\":2}");
  }

  @Test
  void grpcStatusBecomesTheHttpStatus() {
    HttpResponse<String> unimplemented = gw.get("/v1/missing/john_doe");
    assertThat(unimplemented.statusCode()).as("UNIMPLEMENTED is 500 in Kong's table").isEqualTo(500);
    assertThat(unimplemented.headers().firstValue("grpc-status")).as("the origin's UNIMPLEMENTED").hasValue("12");

    HttpResponse<String> notFound = gw.get("/v1/lookup/nobody");
    assertThat(notFound.statusCode()).isEqualTo(404);
    assertThat(notFound.headers().firstValue("grpc-status")).hasValue("5");
    assertThat(notFound.headers().firstValue("grpc-message")).hasValue("no nobody");
  }

  @Test
  void unknownPathsAndMethodsAre400WithKongsText() {
    HttpResponse<String> path = gw.get("/v1/messages/john_doe/bai");
    assertThat(path.statusCode()).isEqualTo(400);
    assertThat(path.body()).isEqualTo("failed to transcode .proto file Unknown path \"/v1/messages/john_doe/bai\"");
    HttpResponse<String> method = gw.send("DELETE", "/v1/messages/x");
    assertThat(method.statusCode()).isEqualTo(400);
    assertThat(method.body()).isEqualTo("failed to transcode .proto file Unknown method \"delete\"");
  }

  @Test
  void bodiesThatDoNotFitAre400() {
    HttpResponse<String> nul = post("/bounce", "{\"message\":null}");
    assertThat(nul.statusCode()).isEqualTo(400);
    assertThat(nul.body()).isEqualTo("failed to encode payload");
    HttpResponse<String> invalid = post("/bounce", "{\"message\":\"invalid}");
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(invalid.body()).startsWith("decode json err: ");
    HttpResponse<String> mismatch = post("/bounce", "{\"message\":1}");
    assertThat(mismatch.statusCode()).isEqualTo(400);
    assertThat(mismatch.body()).isEqualTo("failed to encode payload");
    HttpResponse<String> scalar = post("/bounce", "\"text\"");
    assertThat(scalar.statusCode()).isEqualTo(400);
    assertThat(scalar.body()).isEqualTo("body must be a table");
  }

  @Test
  void withoutAProtoOrWithAnUnreadableOne() {
    HttpResponse<String> none = gw.get("/no-proto/x");
    assertThat(none.statusCode()).isEqualTo(400);
    assertThat(none.body()).isEqualTo("transcoding requests require a .proto file defining the service");
    HttpResponse<String> missing = gw.get("/missing-proto/x");
    assertThat(missing.statusCode()).isEqualTo(500);
  }

  @Test
  void preflightIsAnsweredWithKongsCorsHeaders() {
    HttpResponse<String> r = gw.send("OPTIONS", "/v1/messages/x");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("OK");
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    assertThat(r.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET,POST,PATCH,DELETE");
    assertThat(r.headers().firstValue("Access-Control-Allow-Headers")).hasValue("content-type");
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
  }
}
