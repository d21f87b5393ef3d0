package io.gatehouse.plugins.aiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** ai-proxy-advanced's target order per algorithm. */
class TargetBalancerTest {

  @Test
  void smooth_weighted_cycle_spreads_targets_by_weight() {
    assertThat(TargetBalancer.smoothCycle(new int[] {300, 100})).containsExactly(0, 0, 1, 0);
    assertThat(TargetBalancer.smoothCycle(new int[] {5, 1, 1})).containsExactly(0, 0, 1, 0, 2, 0, 0);
    assertThat(TargetBalancer.smoothCycle(new int[] {100, 100})).containsExactly(0, 1);
    int[] big = TargetBalancer.smoothCycle(new int[] {65535, 1});
    assertThat(big.length).isLessThanOrEqualTo(1001);
    assertThat(Arrays.stream(big).filter(i -> i == 1).count()).isEqualTo(1); // never starved to zero
  }

  @Test
  void round_robin_starts_at_the_cycles_pick_and_falls_back_in_list_order() {
    TargetBalancer b = new TargetBalancer(TargetBalancer.Algorithm.ROUND_ROBIN, new int[] {1, 1, 1});
    assertThat(b.order()).containsExactly(0, 1, 2);
    assertThat(b.order()).containsExactly(1, 2, 0);
    assertThat(b.order()).containsExactly(2, 0, 1);
    assertThat(b.order()).containsExactly(0, 1, 2);
  }

  @Test
  void priority_is_highest_weight_first_ties_in_list_order() {
    TargetBalancer b = new TargetBalancer(TargetBalancer.Algorithm.PRIORITY, new int[] {10, 50, 10, 99});
    assertThat(b.order()).containsExactly(3, 1, 0, 2);
    assertThat(b.order()).containsExactly(3, 1, 0, 2);
  }

  @Test
  void lowest_latency_measures_unmeasured_targets_first_then_prefers_the_fastest() {
    TargetBalancer b = new TargetBalancer(TargetBalancer.Algorithm.LOWEST_LATENCY, new int[] {1, 1, 1});
    b.observed(0, 200);
    assertThat(b.order()).startsWith(1); // 1 and 2 unmeasured
    b.observed(1, 50);
    b.observed(2, 120);
    assertThat(b.order()).containsExactly(1, 2, 0);
    for (int i = 0; i < 10; i++) b.observed(1, 500); // target 1 slows down: the moving average follows
    assertThat(b.order()).containsExactly(2, 0, 1);
  }

  @Test
  void algorithm_names_are_the_configs() {
    assertThat(TargetBalancer.Algorithm.of("round-robin")).isEqualTo(TargetBalancer.Algorithm.ROUND_ROBIN);
    assertThat(TargetBalancer.Algorithm.of("lowest-latency")).isEqualTo(TargetBalancer.Algorithm.LOWEST_LATENCY);
    assertThat(TargetBalancer.Algorithm.of("priority")).isEqualTo(TargetBalancer.Algorithm.PRIORITY);
  }
}
