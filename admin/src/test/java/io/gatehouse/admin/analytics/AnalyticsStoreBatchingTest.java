package io.gatehouse.admin.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When the writer writes a batch: within half a second, unless calls come fast enough to fill a row group. */
class AnalyticsStoreBatchingTest {
  private static final long MS = 1_000_000;

  @Test
  void aSlowBatchIsWrittenAfterHalfASecond() {
    assertThat(AnalyticsStore.waitedEnough(1, 499 * MS)).isFalse();
    assertThat(AnalyticsStore.waitedEnough(1, 500 * MS)).isTrue();
    assertThat(AnalyticsStore.waitedEnough(10_000, 500 * MS)).as("20,000 calls a second").isTrue();
  }

  @Test
  void aBatchFillingARowGroupWithinFourSecondsWaitsForIt() {
    assertThat(AnalyticsStore.waitedEnough(20_000, 500 * MS)).as("40,000 calls a second").isFalse();
    assertThat(AnalyticsStore.waitedEnough(110_000, 3_000 * MS)).isFalse();
    assertThat(AnalyticsStore.waitedEnough(60_000, 3_000 * MS)).as("the rate fell to 20,000 a second").isTrue();
    assertThat(AnalyticsStore.waitedEnough(120_000, 4_000 * MS)).as("never past four seconds").isTrue();
  }
}
