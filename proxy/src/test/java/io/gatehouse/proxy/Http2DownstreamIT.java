package io.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.proxy.testing.TestProxy;
import io.gatehouse.proxy.testing.TlsClient;
import io.gatehouse.proxy.tls.PemKeyPair;
import io.gatehouse.proxy.tls.SelfSignedCertificates;
import io.gatehouse.proxy.tls.SelfSignedCertificates.KeyType;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTP/2 from clients on {@code http2} listeners (Kong's default {@code 0.0.0.0:8443 http2 ssl}):
 * h2 through ALPN with the JDK client, h2c with prior knowledge with curl and raw frames, HTTP/1.1
 * still served on both; the same routing, headers and local errors as HTTP/1.1; large bodies both
 * ways; many streams on one connection; rapid reset (CVE-2023-44487) answered with GOAWAY.
 */
class Http2DownstreamIT {
  static final PemKeyPair CERT = SelfSignedCertificates.generate("localhost", KeyType.EC, Duration.ofDays(1));
  static TestProxy proxy;
  static HttpClient h2;
  static int closedPort;
  static final int H2_MAX_STREAMS = 128;
  static final long BODY_TIMEOUT_MS = 3000;

  @BeforeAll
  static void start() throws IOException {
    InetSocketAddress plain = new InetSocketAddress("127.0.0.1", 0);
    InetSocketAddress tls = new InetSocketAddress("127.0.0.1", 0);
    proxy = TestProxy.start(b -> b.listen(List.of(plain)).tlsListen(List.of(tls)).defaultCertificates(List.of(CERT))
        .http2Listen(Set.of(plain)).clientBodyTimeout(Duration.ofMillis(BODY_TIMEOUT_MS))); // both are 127.0.0.1:0: the one address flags both listeners
    h2 = TlsClient.httpClient(HttpClient.Version.HTTP_2);
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    proxy.configure(e -> e
        .service(proxy.echo().url("/")).route("/h2")
        .service("http://127.0.0.1:" + closedPort + "/").route("/h2-down"));
  }

  @AfterAll
  static void stop() {
    h2.close();
    proxy.close();
  }

  private static URI tls(String path) {
    return URI.create("https://127.0.0.1:" + proxy.tlsAddress().getPort() + path);
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return h2.send(HttpRequest.newBuilder(tls(path)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void h2OverTlsIsRoutedAndProxiedOverHttp11() throws Exception {
    HttpResponse<String> r = get("/h2/echo?a=1");
    assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode echo = Json.parse(r.body());
    assertThat(echo.get("uri").asText()).isEqualTo("/echo?a=1");
    JsonNode headers = echo.get("headers");
    assertThat(headers.get("x-forwarded-host").asText()).as(":authority is the client's Host").isEqualTo("127.0.0.1");
    assertThat(headers.get("x-forwarded-port").asText()).isEqualTo(Integer.toString(proxy.tlsAddress().getPort()));
    assertThat(headers.get("x-forwarded-proto").asText()).isEqualTo("https");
    assertThat(headers.get("host").asText()).as("the service's host, as on HTTP/1.1")
        .isEqualTo("127.0.0.1:" + proxy.echo().port());
    headers.fieldNames().forEachRemaining(n -> assertThat(n).doesNotStartWith("x-http2-"));
    assertThat(r.headers().firstValue("X-Kong-Request-Id")).isPresent();
    assertThat(r.headers().firstValue("Via")).isPresent();
    assertThat(r.headers().map().keySet()).as("no HTTP/1.1-only headers over h2")
        .doesNotContain("connection", "keep-alive", "transfer-encoding", "upgrade");
  }

  @Test
  void http11IsStillServedOnTheHttp2Listeners() throws Exception {
    HttpClient http1 = TlsClient.httpClient(HttpClient.Version.HTTP_1_1);
    try (http1) {
      HttpResponse<String> r = http1.send(HttpRequest.newBuilder(tls("/h2/one")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
      assertThat(r.statusCode()).isEqualTo(200);
    }
    HttpResponse<String> plain = proxy.get("/h2/plain");
    assertThat(plain.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(plain.statusCode()).isEqualTo(200);
    assertThat(Json.parse(plain.body()).get("uri").asText()).isEqualTo("/plain");
  }

  @Test
  void localErrorsHaveKongsBodyAndHeaders() throws Exception {
    HttpResponse<String> notFound = get("/nowhere");
    assertThat(notFound.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(notFound.statusCode()).isEqualTo(404);
    JsonNode body = Json.parse(notFound.body());
    assertThat(body.get("message").asText()).isEqualTo("no Route matched with those values");
    assertThat(body.get("request_id").asText()).isEqualTo(notFound.headers().firstValue("X-Kong-Request-Id").orElseThrow());
    assertThat(notFound.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(notFound.headers().firstValue("Server")).isPresent();

    HttpResponse<String> bad = get("/h2-down/x");
    HttpResponse<String> bad11 = proxy.get("/h2-down/x");
    assertThat(bad.statusCode()).isEqualTo(502);
    String id = bad.headers().firstValue("X-Kong-Request-Id").orElseThrow();
    String id11 = bad11.headers().firstValue("X-Kong-Request-Id").orElseThrow();
    assertThat(bad.body().replace(id, "ID")).as("the same body as on HTTP/1.1").isEqualTo(bad11.body().replace(id11, "ID"));
    assertThat(bad.headers().firstValue("Content-Type")).isEqualTo(bad11.headers().firstValue("Content-Type"));
    assertThat(bad.headers().firstValue("X-Gatehouse-Upstream-Error").isPresent())
        .isEqualTo(bad11.headers().firstValue("X-Gatehouse-Upstream-Error").isPresent());
  }

  @Test
  void largeBodiesStreamBothWays() throws Exception {
    int size = 8 * 1024 * 1024;
    byte[] upload = new byte[size];
    HttpResponse<String> up = h2.send(HttpRequest.newBuilder(tls("/h2/upload"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(upload)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(up.statusCode()).isEqualTo(200);
    assertThat(Json.parse(up.body()).get("bodyLength").asLong()).isEqualTo(size);

    HttpResponse<byte[]> down = h2.send(HttpRequest.newBuilder(tls("/h2/bytes/" + size)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(down.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(down.statusCode()).isEqualTo(200);
    assertThat(down.body()).hasSize(size);
  }

  @Test
  void manyConcurrentStreamsOnOneConnection() throws Exception {
    HttpClient one = TlsClient.httpClient(HttpClient.Version.HTTP_2);
    try (one) {
      one.send(HttpRequest.newBuilder(tls("/h2/warm")).build(), HttpResponse.BodyHandlers.discarding());
      int before = proxy.echo().requests();
      List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
      for (int i = 0; i < H2_MAX_STREAMS; i++) { // the JDK client refuses to exceed SETTINGS_MAX_CONCURRENT_STREAMS
        all.add(one.sendAsync(HttpRequest.newBuilder(tls("/h2/delay/50/n" + i)).build(), HttpResponse.BodyHandlers.ofString()));
      }
      for (int i = 0; i < all.size(); i++) {
        HttpResponse<String> r = all.get(i).get(30, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(Json.parse(r.body()).get("uri").asText()).endsWith("/n" + i);
      }
      assertThat(proxy.echo().requests() - before).isGreaterThanOrEqualTo(H2_MAX_STREAMS);
    }
  }

  @Test
  void h2cWithPriorKnowledgeOverCurl() throws Exception {
    Process p = new ProcessBuilder("curl", "-s", "--http2-prior-knowledge", "-o", "-", "-w", "\n%{http_version} %{http_code}",
        "http://127.0.0.1:" + proxy.address().getPort() + "/h2/curl").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(out).endsWith("\n2 200");
    assertThat(Json.parse(out.substring(0, out.lastIndexOf('\n'))).get("uri").asText()).isEqualTo("/curl");
  }

  /** Issue 17: an invalid method token is refused on h2 as on HTTP/1.1 (nginx: 400), never forwarded. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"get", "Get", "G3T", "GE.T", "post"})
  void anInvalidMethodTokenIs400AndNeverReachesTheOrigin(String method) throws Exception {
    int before = proxy.echo().requests();
    Process p = new ProcessBuilder("curl", "-s", "--http2-prior-knowledge", "-X", method, "-o", "/dev/null", "-w",
        "%{http_version} %{http_code}", "http://127.0.0.1:" + proxy.address().getPort() + "/h2/bad-method")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(out).as(method).isEqualTo("2 400");
    assertThat(proxy.echo().requests()).as("nothing forwarded").isEqualTo(before);
  }

  @Test
  void rapidResetGetsGoawayWhileOtherConnectionsKeepWorking() throws Exception {
    try (Socket s = new Socket("127.0.0.1", proxy.address().getPort())) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      ByteArrayOutputStream burst = new ByteArrayOutputStream();
      burst.writeBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      frame(burst, 0x4, 0, 0, new byte[0]); // SETTINGS
      // GET / with :authority x, HPACK static-table indexes
      byte[] headers = {(byte) 0x82, (byte) 0x86, (byte) 0x84, 0x41, 0x01, 'x'};
      for (int i = 0; i < 400; i++) {
        int stream = 1 + 2 * i;
        frame(burst, 0x1, 0x5, stream, headers); // HEADERS, END_HEADERS | END_STREAM
        frame(burst, 0x3, 0, stream, new byte[] {0, 0, 0, 8}); // RST_STREAM CANCEL
      }
      out.write(burst.toByteArray());
      out.flush();
      assertThat(readUntilGoaway(s.getInputStream())).as("the GOAWAY's error code: ENHANCE_YOUR_CALM").isEqualTo(0xb);
    }
    HttpResponse<String> other = get("/h2/after-reset");
    assertThat(other.statusCode()).isEqualTo(200);
  }

  @Test
  void aStreamErrorResetsThatStreamOnly() throws Exception {
    try (Socket s = new Socket("127.0.0.1", proxy.address().getPort())) {
      s.setSoTimeout(20_000);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      frame(out, 0x4, 0, 0, new byte[0]);
      // stream 1 carries "connection: close", which HTTP/2 forbids (RFC 9113 §8.2.2): a stream error
      ByteArrayOutputStream bad = new ByteArrayOutputStream();
      bad.writeBytes(new byte[] {(byte) 0x82, (byte) 0x86, (byte) 0x84, 0x41, 0x01, 'x', 0x00, 10});
      bad.writeBytes("connection".getBytes(StandardCharsets.US_ASCII));
      bad.write(5);
      bad.writeBytes("close".getBytes(StandardCharsets.US_ASCII));
      frame(out, 0x1, 0x5, 1, bad.toByteArray());
      // stream 3 is a good GET /h2/after-bad-stream (:path as a literal without indexing, name index 4)
      ByteArrayOutputStream good = new ByteArrayOutputStream();
      good.writeBytes(new byte[] {(byte) 0x82, (byte) 0x86, 0x04, 18});
      good.writeBytes("/h2/after-bad-strm".getBytes(StandardCharsets.US_ASCII));
      good.writeBytes(new byte[] {0x41, 0x01, 'x'});
      frame(out, 0x1, 0x5, 3, good.toByteArray());
      s.getOutputStream().write(out.toByteArray());
      s.getOutputStream().flush();
      DataInputStream d = new DataInputStream(s.getInputStream());
      boolean reset1 = false;
      int status3 = 0;
      while (!reset1 || status3 == 0) {
        int length = (d.readUnsignedByte() << 16) | (d.readUnsignedByte() << 8) | d.readUnsignedByte();
        int type = d.readUnsignedByte();
        d.readUnsignedByte();
        int stream = d.readInt() & 0x7fffffff;
        byte[] payload = d.readNBytes(length);
        assertThat(type).as("no GOAWAY").isNotEqualTo(0x7);
        if (type == 0x3 && stream == 1) {
          reset1 = true;
          assertThat(payload[3]).as("PROTOCOL_ERROR").isEqualTo((byte) 0x1);
        }
        if (type == 0x1 && stream == 3) status3 = payload[0] & 0xff; // :status 200 is static index 8
      }
      assertThat(status3).as("stream 3 answered 200 on the same connection").isEqualTo(0x88);
    }
  }

  @Test
  void aStalledRequestBodyGets408AfterClientBodyTimeout() throws Exception {
    try (Socket s = new Socket("127.0.0.1", proxy.address().getPort())) {
      s.setSoTimeout(20_000);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      frame(out, 0x4, 0, 0, new byte[0]);
      // POST /h2/slow, END_HEADERS without END_STREAM, then no DATA at all
      ByteArrayOutputStream post = new ByteArrayOutputStream();
      post.writeBytes(new byte[] {(byte) 0x83, (byte) 0x86, 0x04, 8});
      post.writeBytes("/h2/slow".getBytes(StandardCharsets.US_ASCII));
      post.writeBytes(new byte[] {0x41, 0x01, 'x'});
      frame(out, 0x1, 0x4, 1, post.toByteArray());
      long start = System.nanoTime();
      s.getOutputStream().write(out.toByteArray());
      s.getOutputStream().flush();
      DataInputStream d = new DataInputStream(s.getInputStream());
      DefaultHttp2HeadersDecoder hpack = new DefaultHttp2HeadersDecoder(true);
      while (true) {
        int length = (d.readUnsignedByte() << 16) | (d.readUnsignedByte() << 8) | d.readUnsignedByte();
        int type = d.readUnsignedByte();
        d.readUnsignedByte();
        int stream = d.readInt() & 0x7fffffff;
        byte[] payload = d.readNBytes(length);
        if (type == 0x1 && stream == 1) {
          Http2Headers h = hpack.decodeHeaders(1, Unpooled.wrappedBuffer(payload));
          assertThat(h.status().toString()).isEqualTo("408");
          assertThat(h.get("x-kong-request-id")).isNotNull();
          assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(BODY_TIMEOUT_MS - 100));
          return;
        }
      }
    }
  }

  private static void frame(ByteArrayOutputStream out, int type, int flags, int stream, byte[] payload) {
    out.write(payload.length >>> 16);
    out.write(payload.length >>> 8);
    out.write(payload.length);
    out.write(type);
    out.write(flags);
    out.write(stream >>> 24);
    out.write(stream >>> 16);
    out.write(stream >>> 8);
    out.write(stream);
    out.writeBytes(payload);
  }

  /** Reads frames until a GOAWAY; its error code. */
  private static int readUntilGoaway(InputStream in) throws IOException {
    DataInputStream d = new DataInputStream(in);
    while (true) {
      int length = (d.readUnsignedByte() << 16) | (d.readUnsignedByte() << 8) | d.readUnsignedByte();
      int type = d.readUnsignedByte();
      d.readUnsignedByte();
      d.readInt();
      byte[] payload = d.readNBytes(length);
      if (type == 0x7) {
        return ((payload[4] & 0xff) << 24) | ((payload[5] & 0xff) << 16) | ((payload[6] & 0xff) << 8) | (payload[7] & 0xff);
      }
    }
  }
}
