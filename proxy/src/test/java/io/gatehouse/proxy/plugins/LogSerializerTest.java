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

    JsonNode tries = run.serialize().get("tries");
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
    assertThat(run.serialize().has("tries")).isFalse();
    assertThat(run.tries()).isEmpty();
  }
}
