package io.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.proxy.testing.EchoUpstream;
import io.gatehouse.proxy.testing.RawClient;
import io.gatehouse.proxy.testing.TestProxy;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Streaming bodies, chunked, 100-continue, pipelining, WebSocket, client disconnects. */
class StreamingIT {
  static TestProxy proxy;
  static final long BIG = 128L * 1024 * 1024;

  @BeforeAll
  static void start() {
    proxy = TestProxy.start();
    proxy.configure(e -> e.service(proxy.echo().url("/")).route("/"));
  }

  @AfterAll
  static void stop() {
    proxy.close();
  }

  @Test
  void largeUploadStreams() {
    byte[] chunk = new byte[64 * 1024];
    long chunks = BIG / chunk.length;
    Supplier<InputStream> body = () -> new java.io.SequenceInputStream(java.util.Collections.enumeration(
        Stream.generate(() -> (InputStream) new java.io.ByteArrayInputStream(chunk)).limit(chunks).toList()));
    HttpResponse<String> r = proxy.send(HttpRequest.newBuilder(proxy.uri("/upload"))
        .timeout(Duration.ofSeconds(60))
        .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(body), BIG)).build());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(Json.parse(r.body()).get("bodyLength").asLong()).isEqualTo(BIG);
  }

  @Test
  void largeDownloadStreams() throws Exception {
    HttpResponse<InputStream> r = proxy.client().send(HttpRequest.newBuilder(proxy.uri("/bytes/" + BIG))
        .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofInputStream());
    long total = 0;
    byte[] buf = new byte[65536];
    try (InputStream in = r.body()) {
      for (int n; (n = in.read(buf)) > 0; ) total += n;
    }
    assertThat(total).isEqualTo(BIG);
  }

  @Test
  void slowReaderDoesNotBufferTheResponse() throws Exception {
    try (RawClient c = proxy.raw()) {
      c.socket().setReceiveBufferSize(64 * 1024);
      c.send("GET /bytes/" + (512L * 1024 * 1024) + " HTTP/1.1\r\nHost: x\r\n\r\n");
      // Nobody reads: with auto-read backpressure the buffers in this JVM stay small.
      await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(
          () -> PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory() < 64L * 1024 * 1024);
    }
  }

  @Test
  void chunkedRequestBody() throws Exception {
    try (RawClient c = proxy.raw()) {
      RawClient.Response r = c.send("POST /chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n").readResponse();
      JsonNode echo = Json.parse(r.body());
      assertThat(echo.get("body").asText()).isEqualTo("hello world");
      // request_buffering (the route default) reads the body whole and sends it with its length, as nginx
      // does; a route with request_buffering = false streams it chunked (StrictRequestIT)
      assertThat(echo.get("headers").get("content-length").asText()).isEqualTo("11");
      assertThat(echo.get("headers").has("transfer-encoding")).isFalse();
    }
  }

  @Test
  void expect100Continue() throws Exception {
    try (RawClient c = proxy.raw()) {
      c.send("POST /expect HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
      assertThat(c.readOne().status()).isEqualTo(100);
      RawClient.Response r = c.send("hello").readResponse();
      assertThat(r.status()).isEqualTo(200);
      JsonNode echo = Json.parse(r.body());
      assertThat(echo.get("body").asText()).isEqualTo("hello");
      assertThat(echo.get("headers").has("expect")).isFalse();
    }
  }

  @Test
  void pipelinedRequestsAnsweredInOrder() throws Exception {
    try (RawClient c = proxy.raw()) {
      c.send("GET /p1/delay/100 HTTP/1.1\r\nHost: x\r\n\r\nPOST /p2 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
          + "GET /nomatch-but-root/p3 HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(Json.parse(c.readResponse().body()).get("uri").asText()).isEqualTo("/p1/delay/100");
      JsonNode second = Json.parse(c.readResponse().body());
      assertThat(second.get("uri").asText()).isEqualTo("/p2");
      assertThat(second.get("body").asText()).isEqualTo("abc");
      assertThat(Json.parse(c.readResponse().body()).get("uri").asText()).isEqualTo("/nomatch-but-root/p3");
    }
  }

  @Test
  void http10ClientGetsCloseDelimitedStream() throws Exception {
    try (RawClient c = proxy.raw()) {
      RawClient.Response r = c.send("GET /bytes/100000 HTTP/1.0\r\nHost: x\r\n\r\n").readResponse();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("transfer-encoding")).isNull();
      assertThat(r.body()).hasSize(100000);
    }
  }

  @Test
  void webSocketUpgradePassesThrough() throws Exception {
    try (RawClient c = proxy.raw()) {
      RawClient.Response r = c.send("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").readResponse();
      assertThat(r.status()).isEqualTo(101);
      assertThat(r.header("upgrade")).isEqualToIgnoringCase("websocket");
      c.send("frame-bytes");
      byte[] back = c.socket().getInputStream().readNBytes(11);
      assertThat(new String(back, StandardCharsets.US_ASCII)).isEqualTo("frame-bytes");
    }
  }

  @Test
  void clientDisconnectCancelsUpstream() throws Exception {
    try (EchoUpstream slow = EchoUpstream.start();
        TestProxy p = TestProxy.start()) {
      p.configure(e -> e.service(slow.url("/")).route("/"));
      try (RawClient c = p.raw()) {
        c.send("GET /delay/30000 HTTP/1.1\r\nHost: x\r\n\r\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> slow.openConnections() == 1);
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> slow.openConnections() == 0);
    }
  }
}
