package io.gatehouse.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http2.Http2Headers;
import org.junit.jupiter.api.Test;

/** The HTTP/2 head sent to a grpc origin: pseudo-headers, the client's headers, the gateway's, lower case. */
class H2RequestHeadTest {

  private static Http2Headers build(UpstreamRequestHead g, HttpHeaders client) {
    return H2RequestHead.build(g, "POST", "/pkg.Svc/Call", client, "https");
  }

  @Test
  void pseudoHeadersAndTheGatewaysHeaders() {
    UpstreamRequestHead g = new UpstreamRequestHead();
    g.set(UpstreamRequestHead.HOST, "origin.test:50051");
    g.set(UpstreamRequestHead.X_FORWARDED_FOR, "10.0.0.1");
    g.set(UpstreamRequestHead.TE, "trailers");
    g.set(UpstreamRequestHead.CONNECTION, "keep-alive");
    HttpHeaders client = new DefaultHttpHeaders()
        .add("Host", "gateway.test")
        .add("Content-Type", "application/grpc")
        .add("grpc-timeout", "5S")
        .add("X-Custom", "v")
        .add("X-Forwarded-For", "1.2.3.4")
        .add("TE", "trailers")
        .add("Transfer-Encoding", "chunked")
        .add("Keep-Alive", "timeout=5")
        .add("Connection", "keep-alive")
        .add("x-http2-stream-id", "3");
    Http2Headers h = build(g, client);
    assertThat(h.method().toString()).isEqualTo("POST");
    assertThat(h.path().toString()).isEqualTo("/pkg.Svc/Call");
    assertThat(h.scheme().toString()).isEqualTo("https");
    assertThat(h.authority().toString()).as(":authority is the gateway's Host").isEqualTo("origin.test:50051");
    assertThat(h.get("content-type").toString()).isEqualTo("application/grpc");
    assertThat(h.get("grpc-timeout").toString()).isEqualTo("5S");
    assertThat(h.get("x-custom").toString()).as("names are lower case").isEqualTo("v");
    assertThat(h.getAll("x-forwarded-for")).as("the gateway's value replaces the client's").hasSize(1);
    assertThat(h.get("x-forwarded-for").toString()).isEqualTo("10.0.0.1");
    assertThat(h.getAll("te")).hasSize(1);
    assertThat(h.get("te").toString()).isEqualTo("trailers");
    assertThat(h.contains("host")).isFalse();
    assertThat(h.contains("connection")).isFalse();
    assertThat(h.contains("keep-alive")).isFalse();
    assertThat(h.contains("transfer-encoding")).isFalse();
    assertThat(h.contains("x-http2-stream-id")).isFalse();
  }

  @Test
  void preserveHostKeepsTheClientsHostAsAuthority() {
    UpstreamRequestHead g = new UpstreamRequestHead();
    g.set(UpstreamRequestHead.HOST, UpstreamRequestHead.KEEP_CLIENTS);
    g.set(UpstreamRequestHead.TE, null);
    Http2Headers h = build(g, new DefaultHttpHeaders().add("Host", "grpc_authority_1.example"));
    assertThat(h.authority().toString()).isEqualTo("grpc_authority_1.example");
    assertThat(h.contains("te")).as("no TE unless the client asked for trailers").isFalse();
    assertThat(h.contains("host")).isFalse();
  }
}
