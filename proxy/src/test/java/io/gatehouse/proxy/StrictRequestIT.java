package io.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.proxy.testing.Entities;
import io.gatehouse.proxy.testing.RawClient;
import io.gatehouse.proxy.testing.TestProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The data plane as strict as nginx in front of Kong (issue 17, "a stricter data plane"), from a raw
 * socket: each vector gets its status, NOTHING reaches the origin (it counts request heads and
 * body bytes), and other clients keep being served. Next to {@link BadInputIT}'s smuggling vectors.
 *
 * <ul>
 *   <li>nginx's 400s before any Lua: an invalid method token, a bad Host, bad percent-encoding,
 *       a path climbing above the root ({@code ngx_http_parse_complex_uri});
 *   <li>{@code request_buffering = true} (the route default): the whole body is read — memory, then
 *       a temp file — before the origin is contacted, so a body broken midway never reaches it, and
 *       the temp file is gone on every path; {@code request_buffering = false} still streams;
 *   <li>{@code client_max_body_size}: 413.
 * </ul>
 */
class StrictRequestIT {
  static final int MEMORY = 1024;
  static final int MAX_BODY = 16 * 1024 * 1024;

  @TempDir
  static Path temp;

  static Path bodies;
  static TestProxy proxy;
  static EarlyOrigin early;

  @BeforeAll
  static void start() throws IOException {
    bodies = Files.createDirectories(temp.resolve("client_body_temp"));
    proxy = TestProxy.start(b -> b.clientBodyBufferSize(MEMORY).clientMaxBodySize(MAX_BODY).clientBodyTempPath(bodies)
        .clientBodyTimeout(Duration.ofSeconds(5)));
    early = new EarlyOrigin();
    proxy.configure(e -> e.service(early.url(), s -> {
          s.put("read_timeout", 3000);
          s.put("retries", 0);
        }).route(r -> {
          r.set("paths", Entities.strings("/early"));
          r.put("strip_path", false);
        })
        .service(proxy.echo().url("/")).route("/")
        .route(r -> {
          r.set("paths", Entities.strings("/stream"));
          r.put("request_buffering", false);
          r.put("strip_path", false);
        }));
  }

  @AfterAll
  static void stop() throws IOException {
    proxy.close();
    early.close();
  }

  @AfterEach
  void stillServingOthersAndNoTempFileLeft() {
    assertThat(proxy.get("/ok").statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(tempFiles()).as("temp files left").isZero());
  }

  static long tempFiles() {
    try (Stream<Path> s = Files.list(bodies)) {
      return s.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static RawClient.Response expectRejected(String bytes, int status) throws Exception {
    int before = proxy.echo().requests();
    long bodyBefore = proxy.echo().bodyBytes();
    RawClient.Response r;
    try (RawClient c = proxy.raw()) {
      r = c.send(bytes).readResponse();
      assertThat(r.status()).isEqualTo(status);
      assertThat(c.isClosedByPeer()).as("connection closed").isTrue();
    }
    assertThat(proxy.echo().requests()).as("nothing forwarded").isEqualTo(before);
    assertThat(proxy.echo().bodyBytes()).as("no body byte forwarded").isEqualTo(bodyBefore);
    return r;
  }

  // ------------------------------------------------------------------ nginx's request-line and Host checks

  @ParameterizedTest
  @ValueSource(strings = {
      // a path above the root, dots and slashes percent-encoded or not (nginx decodes both for $uri)
      "GET /v59/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /v59/../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /a/..%2f..%2fetc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /.. HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /%2E%2E/x?q=1 HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET http://x/a/../../b HTTP/1.1\r\nHost: x\r\n\r\n",
      // bad percent-encoding, NUL
      "GET /a%%% HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /a%zz HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /a% HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /a%00b HTTP/1.1\r\nHost: x\r\n\r\n",
      // method tokens nginx does not accept
      "get / HTTP/1.1\r\nHost: x\r\n\r\n",
      "Get / HTTP/1.1\r\nHost: x\r\n\r\n",
      "G3T / HTTP/1.1\r\nHost: x\r\n\r\n",
      "GE.T / HTTP/1.1\r\nHost: x\r\n\r\n",
      "post / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
      // Host with whitespace, a control character, a slash, an empty label; an empty Host
      "GET / HTTP/1.1\r\nHost: a b\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: a\tb\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: a\u0001b\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: a..b\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: \r\n\r\n",
      "GET http://a..b/ HTTP/1.1\r\nHost: x\r\n\r\n",
  })
  void rejectedLikeNginx(String bytes) throws Exception {
    RawClient.Response r = expectRejected(bytes, 400);
    assertThat(r.body()).contains("Bad request"); // nginx's own 400 page, as for the other nginx-level rejects
  }

  @Test
  void dotSegmentsInsideTheRootAreResolvedAndEncodedSlashesKept() throws Exception {
    try (RawClient c = proxy.raw()) {
      JsonNode a = Json.parse(c.send("GET /a/b/../c HTTP/1.1\r\nHost: x\r\n\r\n").readResponse().body());
      assertThat(a.get("uri").asText()).isEqualTo("/a/c");
      // nginx resolves ..%2f for its checks only; Kong routes on its own normalization, which keeps %2F
      JsonNode b = Json.parse(c.send("GET /a/b/..%2fc HTTP/1.1\r\nHost: x\r\n\r\n").readResponse().body());
      assertThat(b.get("uri").asText()).isEqualTo("/a/b/..%2Fc");
    }
  }

  // ------------------------------------------------------------------ request buffering

  private static final String CHUNKED_HEAD = "POST /buffered HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";

  private static String chunk(int size) {
    return Integer.toHexString(size) + "\r\n" + "b".repeat(size) + "\r\n";
  }

  @Test
  void badChunkMidwayNeverReachesTheOriginFromMemory() throws Exception {
    badChunkMidway(100, false);
  }

  @Test
  void badChunkMidwayNeverReachesTheOriginFromATempFile() throws Exception {
    badChunkMidway(8 * MEMORY, true);
  }

  private void badChunkMidway(int first, boolean spills) throws Exception {
    int before = proxy.echo().requests();
    long bodyBefore = proxy.echo().bodyBytes();
    try (RawClient c = proxy.raw()) {
      c.send(CHUNKED_HEAD + chunk(first / 2) + chunk(first - first / 2));
      if (spills) await().atMost(Duration.ofSeconds(5)).until(() -> tempFiles() == 1);
      // meanwhile: others are served, and the origin has heard nothing of this request
      assertThat(proxy.get("/meanwhile").statusCode()).isEqualTo(200);
      assertThat(proxy.echo().requests()).isEqualTo(before + 1);
      assertThat(proxy.echo().bodyBytes()).isEqualTo(bodyBefore);
      RawClient.Response r = c.send("zz\r\nabc\r\n0\r\n\r\n").readResponse();
      assertThat(r.status()).isEqualTo(400);
      assertThat(c.isClosedByPeer()).isTrue();
    }
    assertThat(proxy.echo().requests()).as("the origin never saw the request").isEqualTo(before + 1);
    assertThat(proxy.echo().bodyBytes()).as("nor a byte of its body").isEqualTo(bodyBefore);
  }

  @Test
  void wholeBodyGoesUpstreamWithItsLengthFromATempFile() throws Exception {
    int size = 200 * 1024;
    try (RawClient c = proxy.raw()) {
      StringBuilder body = new StringBuilder(CHUNKED_HEAD);
      for (int sent = 0; sent < size; sent += 10_000) body.append(chunk(Math.min(10_000, size - sent)));
      RawClient.Response r = c.send(body.append("0\r\n\r\n").toString()).readResponse();
      assertThat(r.status()).isEqualTo(200);
      JsonNode echo = Json.parse(r.body());
      assertThat(echo.get("bodyLength").asLong()).isEqualTo(size);
      assertThat(echo.get("body").asText()).hasSize(65536).matches("b+"); // the echo keeps the first 64 KiB
      assertThat(echo.get("headers").get("content-length").asText()).isEqualTo(Integer.toString(size));
      assertThat(echo.get("headers").has("transfer-encoding")).isFalse();
      // the connection stays usable
      assertThat(c.send("GET /again HTTP/1.1\r\nHost: x\r\n\r\n").readResponse().status()).isEqualTo(200);
    }
  }

  @Test
  void contentLengthBodyIsBufferedToo() throws Exception {
    int before = proxy.echo().requests();
    try (RawClient c = new RawClient(proxy.address(), 10_000)) {
      c.send("POST /buffered HTTP/1.1\r\nHost: x\r\nContent-Length: 4000\r\n\r\n" + "c".repeat(3000));
      await().atMost(Duration.ofSeconds(5)).until(() -> tempFiles() == 1);
      assertThat(proxy.echo().requests()).as("nothing upstream before the body is complete").isEqualTo(before);
      RawClient.Response r = c.send("c".repeat(1000)).readResponse();
      assertThat(r.status()).isEqualTo(200);
      assertThat(Json.parse(r.body()).get("bodyLength").asInt()).isEqualTo(4000);
    }
  }

  @Test
  void clientAbortMidwayLeavesNothingBehind() throws Exception {
    int before = proxy.echo().requests();
    try (RawClient c = proxy.raw()) {
      c.send(CHUNKED_HEAD + chunk(4 * MEMORY) + chunk(4 * MEMORY));
      await().atMost(Duration.ofSeconds(5)).until(() -> tempFiles() == 1);
    } // closed midway
    await().atMost(Duration.ofSeconds(5)).until(() -> tempFiles() == 0);
    assertThat(proxy.echo().requests()).isEqualTo(before);
  }

  @Test
  void unbufferedRouteStreamsTheBodyBeforeTheClientFinished() throws Exception {
    long bodyBefore = proxy.echo().bodyBytes();
    try (RawClient c = proxy.raw()) {
      c.send("POST /stream HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + "5\r\nhello\r\n");
      // the origin has the first bytes while the client has not finished
      await().atMost(Duration.ofSeconds(5)).until(() -> proxy.echo().bodyBytes() >= bodyBefore + 5);
      RawClient.Response r = c.send("6\r\n world\r\n0\r\n\r\n").readResponse();
      assertThat(r.status()).isEqualTo(200);
      JsonNode echo = Json.parse(r.body());
      assertThat(echo.get("body").asText()).isEqualTo("hello world");
      assertThat(echo.get("headers").get("transfer-encoding").asText()).isEqualTo("chunked");
    }
    assertThat(tempFiles()).isZero();
  }

  // ------------------------------------------------------------------ client_max_body_size

  @Test
  void declaredBodyOverTheLimitIs413() throws Exception {
    expectRejected("POST /buffered HTTP/1.1\r\nHost: x\r\nContent-Length: " + (MAX_BODY + 1) + "\r\n\r\nabc", 413);
  }

  @Test
  void chunkedBodyPassingTheLimitIs413() throws Exception {
    int before = proxy.echo().requests();
    long bodyBefore = proxy.echo().bodyBytes();
    try (RawClient c = proxy.raw()) {
      StringBuilder body = new StringBuilder(CHUNKED_HEAD);
      int sent = 0;
      for (; sent + 256_000 <= MAX_BODY - 10; sent += 256_000) body.append(chunk(256_000));
      body.append(chunk(MAX_BODY - 10 - sent)).append(chunk(20)); // a small last chunk crosses the limit
      RawClient.Response r = c.send(body.toString()).readResponse();
      assertThat(r.status()).isEqualTo(413);
      assertThat(c.isClosedByPeer()).isTrue();
    }
    assertThat(proxy.echo().requests()).isEqualTo(before);
    assertThat(proxy.echo().bodyBytes()).isEqualTo(bodyBefore);
  }

  // ------------------------------------------------------------------ an origin that answers before the body

  @Test
  void originAnsweringBeforeTheWholeBufferedBodyNeverGetsItsConnectionReused() throws Exception {
    int size = 8 * 1024 * 1024; // spilled, and more than the sockets hold while the origin does not read
    try (RawClient c = proxy.raw()) {
      c.send("POST /early HTTP/1.1\r\nHost: x\r\nContent-Length: " + size + "\r\n\r\n");
      byte[] piece = new byte[64 * 1024];
      java.util.Arrays.fill(piece, (byte) 'e');
      for (int sent = 0; sent < size; sent += piece.length) c.send(piece);
      assertThat(c.readResponse().status()).isEqualTo(413);
      // the first connection still holds a request cut short: the next one must get a new connection
      RawClient.Response next = c.send("GET /early/next HTTP/1.1\r\nHost: x\r\n\r\n").readResponse();
      assertThat(next.status()).as("answered by the origin, not a 504 from a reused half-written connection")
          .isEqualTo(413);
    }
    assertThat(early.connections.get()).isEqualTo(2);
  }

  /** Answers 413 as soon as a request head arrives, then never reads that connection's next bytes as a request. */
  static final class EarlyOrigin implements AutoCloseable {
    final java.net.ServerSocket server = new java.net.ServerSocket();
    final java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();

    EarlyOrigin() throws IOException {
      server.setReceiveBufferSize(4096); // so the gateway cannot hand it the whole body at once
      server.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
      Thread.ofVirtual().start(() -> {
        while (!server.isClosed()) {
          try {
            java.net.Socket s = server.accept();
            connections.incrementAndGet();
            Thread.ofVirtual().start(() -> serve(s));
          } catch (IOException e) {
            return;
          }
        }
      });
    }

    String url() {
      return "http://127.0.0.1:" + server.getLocalPort() + "/";
    }

    private static void serve(java.net.Socket s) {
      try (s) {
        var in = s.getInputStream();
        int last4 = 0;
        int b;
        while ((b = in.read()) >= 0) {
          last4 = last4 << 8 | b;
          if (last4 == 0x0d0a0d0a) break;
        }
        if (b < 0) return;
        s.getOutputStream().write("HTTP/1.1 413 Payload Too Large\r\nContent-Length: 0\r\n\r\n"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        Thread.sleep(Duration.ofSeconds(30)); // keeps the connection open, reading nothing more
      } catch (IOException | InterruptedException e) {
        // the gateway closed it
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
