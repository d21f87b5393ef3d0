package io.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.proxy.testing.RawClient;
import io.gatehouse.proxy.testing.TestProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Malformed and abusive input from a raw socket: the right status, the connection closed, nothing
 * forwarded, and the gateway still serving others afterwards.
 */
class BadInputIT {
  static TestProxy proxy;

  @BeforeAll
  static void start() {
    proxy = TestProxy.start(b -> b.maxRequestLine(1024).maxHeaderSize(4096).maxHeaders(50)
        .clientHeaderTimeout(Duration.ofMillis(500)).clientBodyTimeout(Duration.ofMillis(500))
        .keepaliveTimeout(Duration.ofMillis(700)));
    proxy.configure(e -> e.service(proxy.echo().url("/")).route("/"));
  }

  @AfterAll
  static void stop() {
    proxy.close();
  }

  @AfterEach
  void stillServingOthers() {
    assertThat(proxy.get("/ok").statusCode()).isEqualTo(200);
  }

  private static void expectRejected(String bytes, int status) throws Exception {
    int before = proxy.echo().requests();
    try (RawClient c = proxy.raw()) {
      RawClient.Response r = c.send(bytes).readResponse();
      assertThat(r.status()).isEqualTo(status);
      assertThat(c.isClosedByPeer()).as("connection closed").isTrue();
    }
    assertThat(proxy.echo().requests()).as("nothing forwarded").isEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "GARBAGE\r\n\r\n",
      "GET\r\n\r\n",
      "GET /x HTTP/1.1 extra\r\nHost: x\r\n\r\n",
      "GET /x HTTP/9.9\r\nHost: x\r\n\r\n",
      "GET x HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /x HTTP/1.1\r\n\r\n",
      "GET /x HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
      "GET /x HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n",
      "GET /x HTTP/1.1\r\nHost: x\r\n: novalue\r\n\r\n",
      "GET /a b HTTP/1.1\r\nHost: x\r\n\r\n",
  })
  void malformedRequestLineOrHeaders(String bytes) throws Exception {
    expectRejected(bytes, 400);
  }

  @Test
  void requestLineTooLong() throws Exception {
    expectRejected("GET /" + "a".repeat(2000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414);
  }

  @Test
  void headersTooLarge() throws Exception {
    expectRejected("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(5000) + "\r\n\r\n", 431);
  }

  @Test
  void tooManyHeaders() throws Exception {
    StringBuilder sb = new StringBuilder("GET / HTTP/1.1\r\nHost: x\r\n");
    for (int i = 0; i < 60; i++) sb.append("X-H").append(i).append(": v\r\n");
    expectRejected(sb.append("\r\n").toString(), 431);
  }

  @Test
  void contentLengthWithTransferEncoding() throws Exception {
    expectRejected("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n", 400);
  }

  @Test
  void duplicateDifferingContentLength() throws Exception {
    expectRejected("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde", 400);
  }

  @Test
  void duplicateEqualContentLength() throws Exception {
    expectRejected("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 4\r\n\r\nabcd", 400);
  }

  @Test
  void invalidContentLength() throws Exception {
    expectRejected("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +4\r\n\r\nabcd", 400);
  }

  @ParameterizedTest
  @ValueSource(strings = {"chunked, identity", "xchunked", "identity", "chunked\r\nTransfer-Encoding: chunked"})
  void unsupportedTransferEncodings(String te) throws Exception {
    expectRejected("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + te + "\r\n\r\n0\r\n\r\n", 400);
  }

  @Test
  void obsFold() throws Exception {
    expectRejected("GET / HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n b\r\n\r\n", 400);
  }

  @Test
  void bareLfInHeaders() throws Exception {
    expectRejected("GET / HTTP/1.1\r\nHost: x\nX-A: b\r\n\r\n", 400);
  }

  @Test
  void bareCrInHeaders() throws Exception {
    expectRejected("GET / HTTP/1.1\r\nHost: x\rX-A: b\r\n\r\n", 400);
  }

  @Test
  void invalidChunkSizeClosesAndNeverCompletesUpstream() throws Exception {
    try (RawClient c = proxy.raw()) {
      RawClient.Response r = c.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "zz\r\nabc\r\n0\r\n\r\n").readResponse();
      assertThat(r.status()).isEqualTo(400);
      assertThat(c.isClosedByPeer()).isTrue();
    }
  }

  @Test
  void slowHeadersTimeOut() throws Exception {
    try (RawClient c = new RawClient(proxy.address(), 5000)) {
      c.send("GET / HTTP/1.1\r\nHost: x\r\n");
      long start = System.nanoTime();
      assertThat(c.isClosedByPeer()).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }
  }

  @Test
  void slowBodyTimesOutWith408() throws Exception {
    try (RawClient c = new RawClient(proxy.address(), 5000)) {
      RawClient.Response r = c.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc").readResponse();
      assertThat(r.status()).isEqualTo(408);
      assertThat(c.isClosedByPeer()).isTrue();
    }
  }

  @Test
  void idleKeepAliveConnectionClosed() throws Exception {
    try (RawClient c = new RawClient(proxy.address(), 5000)) {
      assertThat(c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").readResponse().status()).isEqualTo(200);
      assertThat(c.isClosedByPeer()).isTrue();
    }
  }

  @Test
  void connectionFloodDoesNotStopService() throws Exception {
    List<RawClient> flood = new ArrayList<>();
    try {
      for (int i = 0; i < 300; i++) {
        RawClient c = new RawClient(proxy.address(), 5000);
        c.send("GET / HTTP/1.1\r\nHost: x\r\n"); // never finished
        flood.add(c);
      }
      assertThat(proxy.get("/during-flood").statusCode()).isEqualTo(200);
      // all of them are cut by the header timeout
      for (RawClient c : flood) assertThat(c.isClosedByPeer()).isTrue();
    } finally {
      for (RawClient c : flood) c.close();
    }
  }
}
