package io.gatehouse.plugins.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.plugins.redis.CircuitBreaker;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Windows on the UTC calendar, the circuit breaker, and all-or-nothing local admission. */
class LimitsTest {
  static long at(String iso) {
    return Instant.parse(iso).toEpochMilli();
  }

  @Test
  void windows_align_to_the_utc_calendar_and_reset_by_kongs_nominal_lengths() {
    long now = at("2024-02-29T13:45:30.250Z");
    assertThat(Window.SECOND.start(now)).isEqualTo(at("2024-02-29T13:45:30Z"));
    assertThat(Window.MINUTE.start(now)).isEqualTo(at("2024-02-29T13:45:00Z"));
    assertThat(Window.HOUR.start(now)).isEqualTo(at("2024-02-29T13:00:00Z"));
    assertThat(Window.DAY.start(now)).isEqualTo(at("2024-02-29T00:00:00Z"));
    assertThat(Window.MONTH.start(now)).isEqualTo(at("2024-02-01T00:00:00Z"));
    assertThat(Window.YEAR.start(now)).isEqualTo(at("2024-01-01T00:00:00Z"));
    assertThat(Window.MINUTE.resetSeconds(now)).isEqualTo(30);
    assertThat(Window.SECOND.resetSeconds(now)).isEqualTo(1);
    // month: 30 days from the 1st, Kong's constant
    assertThat(Window.MONTH.resetSeconds(now)).isEqualTo(2592000 - (now - Window.MONTH.start(now)) / 1000);
    assertThat(Window.ofSeconds(60)).isSameAs(Window.MINUTE);
    assertThat(Window.ofSeconds(10).start(at("2024-02-29T13:45:37Z"))).isEqualTo(at("2024-02-29T13:45:30Z"));
    assertThat(Window.ofSeconds(10).previousWeight(at("2024-02-29T13:45:37.500Z"))).isEqualTo(0.25);
    assertThat(Window.ofSeconds(10).previousStart(at("2024-02-29T13:45:37Z"))).isEqualTo(at("2024-02-29T13:45:20Z"));
  }

  @Test
  void limits_print_like_lua_numbers() {
    assertThat(Limit.of(Window.MINUTE, 6).text()).isEqualTo("6");
    assertThat(Limit.of(Window.MINUTE, 2.5).text()).isEqualTo("2.5");
    assertThat(Limit.of(Window.MINUTE, 2.5).max()).isEqualTo(3);
  }

  @Test
  void breaker_opens_after_consecutive_failures_and_lets_one_trial_through() {
    AtomicLong nanos = new AtomicLong(1_000);
    CircuitBreaker b = new CircuitBreaker(3, 100, nanos::get);
    b.onFailure();
    b.onFailure();
    assertThat(b.allow()).isTrue();
    b.onFailure();
    assertThat(b.allow()).isFalse();
    nanos.addAndGet(100);
    assertThat(b.allow()).as("the trial").isTrue();
    assertThat(b.allow()).as("only one trial").isFalse();
    b.onSuccess();
    assertThat(b.allow()).isTrue();
    assertThat(b.isOpen()).isFalse();
  }

  @Test
  void local_admission_is_all_or_nothing_across_limits() {
    AtomicLong clock = new AtomicLong(at("2024-02-29T13:45:30Z"));
    LocalCounters counters = new LocalCounters(clock::get);
    LimitSet set = new LimitSet(LimitSet.lowestPerWindow(java.util.List.of(
        Limit.of(Window.SECOND, 2), Limit.of(Window.MINUTE, 3))), false, "t");
    long[] u1 = counters.admitNow(set.slots("ip", clock.get(), ""), 1);
    long[] u2 = counters.admitNow(set.slots("ip", clock.get(), ""), 1);
    long[] refused = counters.admitNow(set.slots("ip", clock.get(), ""), 1);
    assertThat(u1).containsExactly(0, 0);
    assertThat(u2).containsExactly(1, 1);
    assertThat(refused).containsExactly(2, 2);
    // refused by `second`: `minute` was not used up
    clock.addAndGet(1000);
    assertThat(counters.admitNow(set.slots("ip", clock.get(), ""), 1)).containsExactly(0, 2);
    assertThat(counters.admitNow(set.slots("ip", clock.get(), ""), 1)).containsExactly(1, 3);
    // expired counters are swept
    clock.addAndGet(120_000);
    counters.admitNow(set.slots("other", clock.get(), ""), 1);
    assertThat(counters.size()).isEqualTo(2);
  }

  @Test
  void lowest_limit_per_window_wins() {
    assertThat(LimitSet.lowestPerWindow(java.util.List.of(Limit.of(Window.MINUTE, 100),
        Limit.of(Window.ofSeconds(60), 60), Limit.of(Window.SECOND, 5))))
        .extracting(Limit::text).containsExactly("5", "60");
  }
}
