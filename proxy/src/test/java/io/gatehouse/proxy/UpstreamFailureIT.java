package io.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.json.Json;
import io.gatehouse.proxy.testing.TestProxy;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Kong's outcomes for failing upstreams (reference §5.3): 502, 504, retries only where safe. */
class UpstreamFailureIT {
  static TestProxy proxy;

  @BeforeAll
  static void start() {
    proxy = TestProxy.start();
  }

  @AfterAll
  static void stop() {
    proxy.close();
  }

  static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void connectionRefusedIs502AfterRetries() throws Exception {
    int port = closedPort();
    proxy.configure(e -> e.service("http://127.0.0.1:" + port + "/", s -> s.put("retries", 2)).route("/refused"));
    HttpResponse<String> r = proxy.get("/refused");
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.body()).contains("An invalid response was received from the upstream server");
    assertThat(r.headers().firstValue("X-Kong-Request-Id")).isPresent();
  }

  @Test
  void plainTextErrorWithoutAcceptOrContentType() throws Exception {
    int port = closedPort();
    proxy.configure(e -> e.service("http://127.0.0.1:" + port + "/", s -> s.put("retries", 0)).route("/plain"));
    try (var c = proxy.raw()) {
      var r = c.send("GET /plain HTTP/1.1\r\nHost: x\r\n\r\n").readResponse();
      assertThat(r.status()).isEqualTo(502);
      assertThat(r.header("content-type")).isEqualTo("text/plain; charset=utf-8");
      assertThat(r.body()).startsWith("An invalid response was received from the upstream server\nrequest_id: ");
    }
  }

  @Test
  void readTimeoutIs504() {
    proxy.configure(e -> e.service(proxy.echo().url("/"), s -> {
      s.put("read_timeout", 200);
      s.put("retries", 0);
    }).route("/slow"));
    HttpResponse<String> r = proxy.get("/slow/delay/3000", "Accept", "application/json");
    assertThat(r.statusCode()).isEqualTo(504);
    assertThat(Json.parse(r.body()).get("message").asText()).isEqualTo("The upstream server is timing out");
  }

  @Test
  void idempotentRequestRetriedWhenUpstreamDropsIt() {
    proxy.configure(e -> e.service(proxy.echo().url("/"), s -> s.put("retries", 2)).route("/drop"));
    int before = proxy.echo().requests();
    assertThat(proxy.get("/drop/close").statusCode()).isEqualTo(502);
    assertThat(proxy.echo().requests() - before).as("tries = retries + 1").isEqualTo(3);
  }

  @Test
  void postNotRetriedOnceSent() {
    proxy.configure(e -> e.service(proxy.echo().url("/"), s -> s.put("retries", 3)).route("/dropost"));
    int before = proxy.echo().requests();
    HttpResponse<String> r = proxy.send(HttpRequest.newBuilder(proxy.uri("/dropost/close"))
        .POST(HttpRequest.BodyPublishers.ofString("x")).build());
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(proxy.echo().requests() - before).isEqualTo(1);
  }

  @Test
  void unknownHostIs503NameResolutionFailed() {
    proxy.configure(e -> e.service("http://no-such-host.invalid/").route("/nxdomain"));
    HttpResponse<String> r = proxy.get("/nxdomain");
    assertThat(r.statusCode()).isIn(503, 500);
    assertThat(r.body()).containsAnyOf("name resolution failed", "failed the initial dns/balancer resolve");
  }
}
