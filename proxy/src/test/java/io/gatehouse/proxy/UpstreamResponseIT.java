package io.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.proxy.testing.RawClient;
import io.gatehouse.proxy.testing.ScriptedOrigin;
import io.gatehouse.proxy.testing.ScriptedOrigin.Answer;
import io.gatehouse.proxy.testing.TestProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How origin responses reach the client, byte for byte: the forwarded head (origin lines kept as
 * they came, hop-by-hop lines dropped, the gateway's headers added), every body framing, heads and
 * chunks split across reads, and origins that break the protocol.
 */
class UpstreamResponseIT {
  static final String VIA = "1.1 gatehouse/" + ProxyOptions.DEFAULT_VERSION;
  static TestProxy proxy;
  static ScriptedOrigin origin;

  @BeforeAll
  static void start() throws Exception {
    proxy = TestProxy.start();
    origin = new ScriptedOrigin();
    proxy.configure(e -> e.service(origin.url(), s -> s.put("retries", 0)).route("/o"));
  }

  @AfterAll
  static void stop() throws Exception {
    proxy.close();
    origin.close();
  }

  static RawClient.Response get(String path) throws Exception {
    try (RawClient c = proxy.raw()) {
      return c.send("GET /o" + path + " HTTP/1.1\r\nHost: test\r\n\r\n").readResponse();
    }
  }

  @Test
  void originHeaderLinesForwardedAsTheyCameHopByHopDropped() throws Exception {
    origin.on("/plain", Answer.of("HTTP/1.1 201 Made It\r\nX-Mixed-CASE: a\r\nSet-Cookie: a=1\r\nConnection: keep-alive\r\n"
        + "Keep-Alive: timeout=5\r\nProxy-Connection: x\r\nUpgrade: h2c\r\nSet-Cookie: b=2\r\nContent-Length: 5\r\n"
        + "Content-Type: text/plain\r\n\r\nhello"));
    RawClient.Response r = get("/plain");
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.body()).isEqualTo("hello");
    assertThat(r.rawHead()).startsWith("HTTP/1.1 201 Made It\r\nX-Mixed-CASE: a\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n"
        + "Content-Length: 5\r\nContent-Type: text/plain\r\n");
    assertThat(r.rawHead()).doesNotContainIgnoringCase("keep-alive").doesNotContainIgnoringCase("proxy-connection")
        .doesNotContainIgnoringCase("upgrade");
    assertThat(r.header("via")).isEqualTo(VIA);
    assertThat(r.header("server")).isEqualTo("gatehouse/" + ProxyOptions.DEFAULT_VERSION);
    assertThat(r.header("x-kong-upstream-latency")).matches("\\d+");
    assertThat(r.header("x-kong-proxy-latency")).matches("\\d+");
    assertThat(r.header("x-kong-request-id")).matches("[0-9a-f]{32}");
  }

  @Test
  void gatewayHeadersReplaceTheOriginsAndViaIsAppended() throws Exception {
    origin.on("/kong", Answer.of("HTTP/1.1 200 OK\r\nServer: origin/1\r\nVia: 1.0 cache\r\nX-Kong-Request-Id: spoofed\r\n"
        + "X-Kong-Upstream-Latency: 999999\r\nContent-Length: 0\r\n\r\n"));
    RawClient.Response r = get("/kong");
    assertThat(r.header("server")).as("the origin's Server stays").isEqualTo("origin/1");
    assertThat(r.header("via")).isEqualTo("1.0 cache, " + VIA);
    assertThat(r.header("x-kong-request-id")).matches("[0-9a-f]{32}");
    assertThat(r.header("x-kong-upstream-latency")).isNotEqualTo("999999");
  }

  @Test
  void chunkedBodyAndTrailersPassThrough() throws Exception {
    origin.on("/chunked", Answer.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n"
        + "5;ext=1\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nX-Sum: 42\r\n\r\n"));
    RawClient.Response r = get("/chunked");
    assertThat(r.body()).isEqualTo("hello world");
    assertThat(r.header("transfer-encoding")).isEqualTo("chunked");
    assertThat(r.trailers()).containsEntry("x-sum", "42");
  }

  @Test
  void headAndChunksArrivingByteByByte() throws Exception {
    origin.on("/slow", Answer.of("HTTP/1.1 200 OK\r\nX-A: 1\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n").slowly());
    origin.on("/slowlen", Answer.of("HTTP/1.1 200 OK\r\nX-A: 2\r\nContent-Length: 4\r\n\r\nwxyz").slowly());
    assertThat(get("/slow").body()).isEqualTo("abcdefg");
    RawClient.Response r = get("/slowlen");
    assertThat(r.body()).isEqualTo("wxyz");
    assertThat(r.header("x-a")).isEqualTo("2");
  }

  @Test
  void bodyUntilCloseIsChunkedForTheClientWhichStaysConnected() throws Exception {
    origin.on("/eof", Answer.of("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end").thenClose());
    origin.on("/after", Answer.of("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
    try (RawClient c = proxy.raw()) {
      RawClient.Response r = c.send("GET /o/eof HTTP/1.1\r\nHost: test\r\n\r\n").readResponse();
      assertThat(r.header("transfer-encoding")).isEqualTo("chunked");
      assertThat(r.body()).isEqualTo("until the end");
      RawClient.Response next = c.send("GET /o/after HTTP/1.1\r\nHost: test\r\n\r\n").readResponse();
      assertThat(next.body()).isEqualTo("ok");
    }
  }

  @Test
  void transferEncodingWinsOverContentLength() throws Exception {
    origin.on("/both", Answer.of("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "2\r\nhi\r\n0\r\n\r\n"));
    RawClient.Response r = get("/both");
    assertThat(r.body()).isEqualTo("hi");
    assertThat(r.rawHead()).doesNotContainIgnoringCase("content-length");
  }

  @Test
  void bodylessResponsesAndHead() throws Exception {
    origin.on("/nocontent", Answer.of("HTTP/1.1 204 No Content\r\nX-B: 1\r\n\r\n"));
    origin.on("/head", Answer.of("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n"));
    try (RawClient c = proxy.raw()) {
      RawClient.Response r = c.send("GET /o/nocontent HTTP/1.1\r\nHost: test\r\n\r\n").readResponse();
      assertThat(r.status()).isEqualTo(204);
      assertThat(r.rawHead()).doesNotContainIgnoringCase("transfer-encoding");
      c.send("HEAD /o/head HTTP/1.1\r\nHost: test\r\n\r\n");
      RawClient.Response h = c.readHeadAnswer();
      assertThat(h.status()).isEqualTo(200);
      assertThat(h.header("content-length")).isEqualTo("1234");
      // the connection is still in step: a HEAD answer carries no body even with a length
      RawClient.Response again = c.send("GET /o/nocontent HTTP/1.1\r\nHost: test\r\n\r\n").readResponse();
      assertThat(again.status()).isEqualTo(204);
    }
  }

  @Test
  void interimResponsesAreNotForwardedTwice() throws Exception {
    origin.on("/interim", Answer.of("HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
        + "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ndone"));
    RawClient.Response r = get("/interim");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("done");
  }

  @Test
  void connectionListedHeadersAreStripped() throws Exception {
    origin.on("/listed", Answer.of("HTTP/1.1 200 OK\r\nConnection: X-Secret, keep-alive\r\nX-Secret: s\r\nX-Open: o\r\n"
        + "Content-Length: 0\r\n\r\n"));
    RawClient.Response r = get("/listed");
    assertThat(r.header("x-secret")).isNull();
    assertThat(r.header("x-open")).isEqualTo("o");
    assertThat(r.header("via")).isEqualTo(VIA);
  }

  @Test
  void http10ClientGetsALengthOrAClose() throws Exception {
    origin.on("/old", Answer.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nold\r\n0\r\n\r\n"));
    try (RawClient c = proxy.raw()) {
      RawClient.Response r = c.send("GET /o/old HTTP/1.0\r\nHost: test\r\n\r\n").readResponse();
      assertThat(r.body()).isEqualTo("old");
      assertThat(r.header("transfer-encoding")).isNull();
      assertThat(c.isClosedByPeer()).isTrue();
    }
  }

  @Test
  void pooledConnectionIsReusedAfterEachFraming() throws Exception {
    try (ScriptedOrigin own = new ScriptedOrigin()) {
      own.on("/len", Answer.of("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na"));
      own.on("/chunks", Answer.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nb\r\n0\r\n\r\n"));
      own.on("/empty", Answer.of("HTTP/1.1 304 Not Modified\r\nETag: x\r\n\r\n"));
      proxy.configure(e -> e.service(own.url()).route("/own"));
      try (RawClient c = proxy.raw()) {
        for (int i = 0; i < 3; i++) {
          assertThat(c.send("GET /own/len HTTP/1.1\r\nHost: t\r\n\r\n").readResponse().body()).isEqualTo("a");
          assertThat(c.send("GET /own/chunks HTTP/1.1\r\nHost: t\r\n\r\n").readResponse().body()).isEqualTo("b");
          assertThat(c.send("GET /own/empty HTTP/1.1\r\nHost: t\r\n\r\n").readResponse().status()).isEqualTo(304);
        }
      }
      assertThat(own.connections()).as("one upstream connection served all nine").isEqualTo(1);
    } finally {
      proxy.configure(e -> e.service(origin.url(), s -> s.put("retries", 0)).route("/o"));
    }
  }

  @Test
  void malformedHeadsAre502() throws Exception {
    origin.on("/badstatus", Answer.of("HTTP/1.1 2OO OK\r\nContent-Length: 0\r\n\r\n"));
    origin.on("/twolengths", Answer.of("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"));
    origin.on("/nocolon", Answer.of("HTTP/1.1 200 OK\r\nNoColonHere\r\nContent-Length: 0\r\n\r\n"));
    origin.on("/fold", Answer.of("HTTP/1.1 200 OK\r\nX-A: 1\r\n  folded\r\nContent-Length: 0\r\n\r\n"));
    origin.on("/barecr", Answer.of("HTTP/1.1 200 OK\r\nX-A: 1\rX-Injected: 1\r\nContent-Length: 0\r\n\r\n"));
    origin.on("/huge", Answer.of("HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(80_000) + "\r\nContent-Length: 0\r\n\r\n"));
    for (String path : new String[] {"/badstatus", "/twolengths", "/nocolon", "/fold", "/barecr", "/huge"}) {
      RawClient.Response r = get(path);
      assertThat(r.status()).as(path).isEqualTo(502);
      assertThat(r.header("x-injected")).isNull();
    }
  }

  @Test
  void brokenChunkAfterTheHeadClosesTheClientConnection() throws Exception {
    origin.on("/badchunk", Answer.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\nZZ\r\nxx\r\n0\r\n\r\n"));
    try (RawClient c = proxy.raw()) {
      c.send("GET /o/badchunk HTTP/1.1\r\nHost: test\r\n\r\n");
      // the head and the good chunk went out; the client must not see a complete response
      assertThat(c.isClosedByPeer()).isTrue();
    }
    assertThat(get("/plain-after-broken").status()).as("the gateway keeps serving").isEqualTo(404);
  }

  @Test
  void upstreamRequestHeadHasEachGatewayHeaderOnceAndTheClientsOthersAsSent() throws Exception {
    origin.on("/seen", Answer.of("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
    try (RawClient c = proxy.raw()) {
      c.send("GET /o/seen?q=1 HTTP/1.1\r\nHost: client.test\r\nX-Custom-CASE: kept\r\nConnection: keep-alive, X-Hop\r\n"
          + "X-Hop: gone\r\nX-Forwarded-For: 10.0.0.1\r\nX-Forwarded-Host: spoofed\r\nX-Real-IP: spoofed\r\n"
          + "X-Forwarded-Prefix: spoofed\r\nVia: 1.0 first\r\nTE: trailers, deflate\r\nX-Kong-Request-Id: spoofed\r\n\r\n")
          .readResponse();
    }
    String head = origin.lastRequestHead();
    assertThat(head).startsWith("GET /seen?q=1 HTTP/1.1\r\n").contains("\r\nX-Custom-CASE: kept\r\n")
        .doesNotContain("X-Hop").doesNotContain("spoofed").doesNotContain("deflate");
    for (String line : new String[] {"Host: 127.0.0.1:", "Connection: keep-alive\r\n", "TE: trailers\r\n",
        "X-Forwarded-For: 10.0.0.1, 127.0.0.1\r\n", "X-Forwarded-Proto: http\r\n", "X-Forwarded-Host: client.test\r\n",
        "X-Forwarded-Path: /o/seen\r\n", "X-Forwarded-Prefix: /o\r\n", "X-Real-IP: 127.0.0.1\r\n",
        "Via: 1.0 first, 1.1 gatehouse/", "X-Kong-Request-Id: "}) {
      assertThat(head.split(java.util.regex.Pattern.quote(line), -1)).as(line + " in " + head).hasSize(2);
    }
    assertThat(head.split("(?i)\r\nhost:", -1)).as("one Host line").hasSize(2);
  }
}
