package io.gatehouse.proxy.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.sdk.TracingSettings;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** The node's once-per-request decision whether to record spans, against Kong's sampler. */
class SpanDecisionTest {
  private final HttpHeaders none = new DefaultHttpHeaders().add("Host", "example.com");

  private static byte[] idWithLowBytes(long littleEndian) {
    byte[] id = new byte[16];
    for (int i = 0; i < 8; i++) id[i] = (byte) (littleEndian >>> (8 * i));
    return id;
  }

  @Test
  void the_bound_is_kongs_sampler_on_the_drawn_id() {
    // first 8 bytes little-endian: 2^62 is a quarter of 2^64
    byte[] quarter = idWithLowBytes(1L << 62);
    assertThat(SpanDecision.of(quarter, 0.25, none)).isEqualTo(SpanDecision.SKIP); // not below the bound
    assertThat(SpanDecision.of(quarter, 0.2501, none)).isEqualTo(SpanDecision.RECORD);
    assertThat(SpanDecision.of(idWithLowBytes((1L << 62) - (1L << 20)), 0.25, none)).isEqualTo(SpanDecision.RECORD);
    byte[] top = idWithLowBytes(-1L); // 2^64 - 1: only a rate of 1 keeps it
    assertThat(SpanDecision.of(top, 0.999999, none)).isEqualTo(SpanDecision.SKIP);
    assertThat(SpanDecision.of(top, 1, none)).isEqualTo(SpanDecision.RECORD);
    assertThat(SpanDecision.of(idWithLowBytes(0), 0, none)).as("no instance reads spans").isEqualTo(SpanDecision.SKIP);
  }

  @Test
  void any_id_a_lower_rate_keeps_is_recorded_under_the_bound() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    for (int i = 0; i < 100_000; i++) {
      byte[] id = new byte[16];
      r.nextBytes(id);
      double bound = r.nextDouble();
      double lower = bound * r.nextDouble();
      if (TracingSettings.sampled(id, lower)) {
        assertThat(SpanDecision.of(id, bound, none)).isEqualTo(SpanDecision.RECORD);
      }
      assertThat(SpanDecision.of(id, bound, none) == SpanDecision.RECORD).isEqualTo(TracingSettings.sampled(id, bound));
    }
  }

  @Test
  void an_incoming_trace_context_in_any_of_kongs_formats_is_recorded() {
    byte[] top = idWithLowBytes(-1L);
    for (String h : SpanDecision.CONTEXT_HEADERS) {
      HttpHeaders headers = new DefaultHttpHeaders().add("Host", "example.com").add(h.toUpperCase(), "x");
      assertThat(SpanDecision.of(top, 0.01, headers)).as(h).isEqualTo(SpanDecision.RECORD);
    }
    assertThat(SpanDecision.of(top, 0.01, none)).isEqualTo(SpanDecision.SKIP);
    HttpHeaders traceparent = new DefaultHttpHeaders().add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    assertThat(SpanDecision.of(top, 0, traceparent)).as("no tracing instance: nothing to record for")
        .isEqualTo(SpanDecision.SKIP);
  }
}
