package io.gatehouse.admin.rbac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AddressThrottleTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final AddressThrottle failures = new AddressThrottle(AddressThrottle.FAILED_LOGINS, now::get);

  @Test
  void an_address_is_blocked_after_the_limit_until_its_window_ends_and_others_are_not() {
    for (int i = 0; i < AddressThrottle.FAILED_LOGINS - 1; i++) {
      failures.count("10.0.0.1");
    }
    assertThat(failures.retryAfterSeconds("10.0.0.1")).isZero();
    failures.count("10.0.0.1");
    assertThat(failures.retryAfterSeconds("10.0.0.1")).isEqualTo(AddressThrottle.WINDOW_MILLIS / 1000);
    assertThat(failures.retryAfterSeconds("10.0.0.2")).isZero();
    now.addAndGet(AddressThrottle.WINDOW_MILLIS - 1500);
    assertThat(failures.retryAfterSeconds("10.0.0.1")).isEqualTo(2);
    now.addAndGet(1500);
    assertThat(failures.retryAfterSeconds("10.0.0.1")).isZero();
    failures.count("10.0.0.1"); // a new window starts with one failure
    assertThat(failures.retryAfterSeconds("10.0.0.1")).isZero();
  }

  @Test
  void the_limit_is_the_callers() {
    AddressThrottle three = new AddressThrottle(3, now::get);
    three.count("10.0.0.1");
    three.count("10.0.0.1");
    assertThat(three.retryAfterSeconds("10.0.0.1")).isZero();
    three.count("10.0.0.1");
    assertThat(three.retryAfterSeconds("10.0.0.1")).isEqualTo(AddressThrottle.WINDOW_MILLIS / 1000);
    assertThatThrownBy(() -> new AddressThrottle(0, now::get)).hasMessageContaining("limit");
  }
}
