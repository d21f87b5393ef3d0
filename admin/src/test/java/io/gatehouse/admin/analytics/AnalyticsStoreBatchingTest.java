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
    assertThat(AnalyticsStore.waitedEnough(6_000, 500 * MS)).as("12,000 calls a second").isTrue();
  }

  @Test
  void aBatchFillingARowGroupWithinTenSecondsWaitsForIt() {
    assertThat(AnalyticsStore.waitedEnough(7_000, 500 * MS)).as("14,000 calls a second").isFalse();
    assertThat(AnalyticsStore.waitedEnough(110_000, 8_000 * MS)).isFalse();
    assertThat(AnalyticsStore.waitedEnough(60_000, 6_000 * MS)).as("the rate fell to 10,000 a second").isTrue();
    assertThat(AnalyticsStore.waitedEnough(120_000, 10_000 * MS)).as("never past ten seconds").isTrue();
  }
}
