package io.gatehouse.proxy.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import org.junit.jupiter.api.Test;

/** Kong's basic log serializer as the proxy fills it: the {@code tries} record of the balancer. */
class LogSerializerTest {
  private static PluginRun run() {
    RequestFacts facts = new RequestFacts("GET", "http", "api.test", 8000, "/p", "a=1", new DefaultHttpHeaders(),
        "10.0.0.9", "127.0.0.1");
    return new PluginRun(PluginChains.EMPTY, facts, "0123456789abcdef0123456789abcdef", Runnable::run);
  }

  @Test
  void triesAreSerializedInOrderWithTheFailureOfEachFailedTry() {
    PluginRun run = run();
    run.addTry(new UpstreamTry("10.0.0.1", 8080, 1_700_000_000_000L, 0, null, 0));
    run.failLastTry(502);
    run.addTry(new UpstreamTry("10.0.0.2", 8081, 1_700_000_000_005L, 1, null, 0));
    run.failLastTry(504);
    run.addTry(new UpstreamTry("10.0.0.3", 8082, 1_700_000_000_010L, 0, null, 0));

    JsonNode tries = run.serializeTree().get("tries");
    assertThat(tries).hasSize(3);
    assertThat(tries.get(0).get("ip").asText()).isEqualTo("10.0.0.1");
    assertThat(tries.get(0).get("port").asInt()).isEqualTo(8080);
    assertThat(tries.get(0).get("balancer_start").asLong()).isEqualTo(1_700_000_000_000L);
    assertThat(tries.get(0).get("balancer_latency").asLong()).isZero();
    assertThat(tries.get(0).get("state").asText()).isEqualTo("failed");
    assertThat(tries.get(0).get("code").asInt()).isEqualTo(502);
    assertThat(tries.get(1).get("code").asInt()).isEqualTo(504);
    assertThat(tries.get(1).get("balancer_latency").asLong()).isEqualTo(1);
    assertThat(tries.get(2).has("state")).as("the last try succeeded").isFalse();
    assertThat(tries.get(2).has("code")).isFalse();
  }

  @Test
  void noTriesWhenTheUpstreamWasNeverTried() {
    PluginRun run = run();
    run.failLastTry(502); // nothing to mark
    assertThat(run.serializeTree().has("tries")).isFalse();
    assertThat(run.tries()).isEmpty();
  }

  /** The flow's facts of a proxied request that took one failed try and one answered one. */
  private static final LogFacts PROXIED = new LogFacts() {
    @Override public String upstreamUri() { return "/up?a=1"; }
    @Override public int upstreamCode() { return 201; }
    @Override public long requestBodyBytes() { return 10; }
    @Override public long responseBodyBytes() { return 100; }
    @Override public long proxyLatencyMs() { return 3; }
    @Override public long upstreamLatencyMs() { return 20; }
    @Override public long receiveMs() { return 5; }
    @Override public long requestMs() { return 30; }
  };

  @Test
  void theFlowsFactsFillUpstreamLatenciesAndSizes() {
    PluginRun run = run();
    run.addTry(new UpstreamTry("10.0.0.1", 8080, 1_700_000_000_000L, 0, null, 0));
    run.failLastTry(502);
    run.addTry(new UpstreamTry("10.0.0.2", 8080, 1_700_000_000_001L, 0, null, 0));
    run.headerFilter(201, new DefaultHttpHeaders().add("Content-Length", "100").add("Set-Cookie", "a=1")
        .add("Set-Cookie", "b=2"), true);
    run.log(201, PROXIED);
    JsonNode e = run.serializeTree();
    assertThat(e.get("upstream_uri").asText()).isEqualTo("/up?a=1");
    assertThat(e.get("upstream_status").asText()).isEqualTo("502, 201");
    assertThat(e.get("latencies").toString()).isEqualTo("{\"kong\":8,\"proxy\":20,\"request\":30,\"receive\":5}");
    assertThat(e.get("response").get("status").asInt()).isEqualTo(201);
    assertThat(e.get("response").get("headers").get("set-cookie").toString()).isEqualTo("[\"a=1\",\"b=2\"]");
    // "HTTP/1.1 201 Created\r\n" + three header lines + "\r\n" + body
    long head = "HTTP/1.1 201 Created\r\n".length() + "content-length: 100\r\n".length()
        + "set-cookie: a=1\r\n".length() * 2 + 2;
    assertThat(e.get("response").get("size").asLong()).isEqualTo(head + 100);
    assertThat(e.get("request").get("size").asLong()).isEqualTo("GET /p?a=1 HTTP/1.1\r\n\r\n".length() + 10);
    assertThat(e.get("source").asText()).isEqualTo("upstream");
  }

  @Test
  void aRequestAnsweredByTheGatewayHasNoUpstreamFields() {
    PluginRun run = run();
    run.headerFilter(401, new DefaultHttpHeaders(), false);
    run.log(401, null);
    JsonNode e = run.serializeTree();
    assertThat(e.has("upstream_uri")).isFalse();
    assertThat(e.has("upstream_status")).isFalse();
    assertThat(e.get("latencies").get("proxy").asLong()).isEqualTo(-1);
    assertThat(e.get("source").asText()).isEqualTo("kong");
  }

  @Test
  void querystringFollowsNgxGetUriArgs() {
    assertThat(LogSerializer.querystring("a=1&a=2&b&c=&d=x%20y&&a=3").toString())
        .isEqualTo("{\"a\":[\"1\",\"2\",\"3\"],\"b\":true,\"c\":\"\",\"d\":\"x y\"}");
    assertThat(LogSerializer.querystring(null).toString()).isEqualTo("{}");
  }

  @Test
  void setSerializeValueNestsDottedKeysAndRemovesOnNull() {
    PluginRun run = run();
    run.setSerializeValue("a.b.c", 1);
    run.setSerializeValue("x\\.y", "dot");
    run.setSerializeValue("request.method", "OVERRIDDEN");
    run.setSerializeValue("client_ip", null);
    JsonNode e = run.serializeTree();
    assertThat(e.get("a").toString()).isEqualTo("{\"b\":{\"c\":1}}");
    assertThat(e.get("x.y").asText()).isEqualTo("dot");
    assertThat(e.get("request").get("method").asText()).isEqualTo("OVERRIDDEN");
    assertThat(e.has("client_ip")).isFalse();
  }
}
