package io.gatehouse.plugins.runtime;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.plugins.testing.PluginGateway;
import io.gatehouse.proxy.testing.GrpcOrigin;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * grpc-web (Kong 3.9's plugin) in front of a real grpc-java origin, with gRPC-Web requests built by
 * hand and sent by the JDK client over HTTP/1.1: binary and text (base64) modes, the trailers as the
 * last frame, an origin error, the CORS preflight, pass_stripped_path.
 */
class GrpcWebIT {
  static PluginGateway gw;
  static GrpcOrigin origin;
  static HttpClient client;

  @BeforeAll
  static void start() {
    origin = GrpcOrigin.start();
    gw = new PluginGateway();
    ObjectNode svc = gw.insert("services", "{\"protocol\":\"grpc\",\"host\":\"127.0.0.1\",\"port\":" + origin.port() + "}");
    ObjectNode web = gw.insert("routes", "{\"paths\":[\"/test.Echo/\"]," + ref("service", svc) + "}");
    gw.plugin("grpc-web", "{}", ref("route", web));
    ObjectNode stripped = gw.insert("routes", "{\"paths\":[\"/web\"]," + ref("service", svc) + "}");
    gw.plugin("grpc-web", "{\"pass_stripped_path\":true,\"allow_origin_header\":\"https://app.test\"}",
        ref("route", stripped));
    gw.apply();
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterAll
  static void stop() {
    client.close();
    origin.close();
    gw.close();
  }

  static byte[] frame(int type, String message) {
    byte[] m = message.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(5 + m.length).put((byte) type).putInt(m.length).put(m).array();
  }

  /** The frames of a gRPC-Web body: type byte and text. */
  static List<String> frames(byte[] body) {
    List<String> out = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(body);
    while (b.remaining() >= 5) {
      int type = b.get() & 0xff;
      byte[] m = new byte[b.getInt()];
      b.get(m);
      out.add(type + ":" + new String(m, StandardCharsets.UTF_8));
    }
    assertThat(b.remaining()).as("no partial frame").isZero();
    return out;
  }

  static HttpResponse<byte[]> post(String path, String contentType, byte[] body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port() + path))
        .timeout(Duration.ofSeconds(20)).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers.length > 0) b.headers(headers);
    return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void binaryModeFramesTheTrailersIntoTheBody() throws Exception {
    HttpResponse<byte[]> r = post("/test.Echo/Say", "application/grpc-web+proto", frame(0, "world"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/grpc-web+proto");
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    assertThat(frames(r.body())).containsExactly("0:hello world", "128:grpc-status:0\r\ngrpc-message:\r\n");
  }

  @Test
  void textModeIsBase64BothWays() throws Exception {
    byte[] body = Base64.getEncoder().encode(frame(0, "text"));
    HttpResponse<byte[]> r = post("/test.Echo/Say", "application/grpc-web-text", body);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/grpc-web-text");
    // base64 per chunk, as Kong encodes it: decode each padded piece on its own
    ByteArrayOutputStream decoded = new ByteArrayOutputStream();
    for (String piece : new String(r.body(), StandardCharsets.US_ASCII).split("(?<==)(?=[^=])")) {
      decoded.writeBytes(Base64.getDecoder().decode(piece));
    }
    assertThat(frames(decoded.toByteArray())).containsExactly("0:hello text", "128:grpc-status:0\r\ngrpc-message:\r\n");
  }

  @Test
  void anOriginErrorKeepsItsStatusInTheHeaders() throws Exception {
    HttpResponse<byte[]> r = post("/test.Echo/Fail", "application/grpc-web+proto", frame(0, "bad"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("grpc-status")).hasValue("9");
    assertThat(r.headers().firstValue("grpc-message")).hasValue("refused: bad");
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/grpc-web+proto");
  }

  @Test
  void preflightIsAnsweredWithCorsHeaders() throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port() + "/web/x"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("OK");
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.test");
    assertThat(r.headers().firstValue("Access-Control-Allow-Methods")).hasValue("POST");
    assertThat(r.headers().firstValue("Access-Control-Allow-Headers")).hasValue("content-type,x-grpc-web,x-user-agent");
  }

  @Test
  void passStrippedPathSendsTheRouteStrippedPath() throws Exception {
    HttpResponse<byte[]> r = post("/web/test.Echo/Say", "application/grpc-web+proto", frame(0, "stripped"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.test");
    assertThat(frames(r.body())).startsWith("0:hello stripped");
  }

  @Test
  void jsonWithoutAProtoIsRefused() throws Exception {
    HttpResponse<byte[]> r = post("/test.Echo/Say", "application/grpc-web+json", "{}".getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("transcoding requests require a .proto file defining the service");
  }
}
