package io.gatehouse.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** lua-resty-healthcheck's counter semantics and Kong's healthchecks defaults. */
class HealthRegistryTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final HealthRegistry registry = new HealthRegistry(now::get);
  private final HealthKey key = new HealthKey("u1", "example.test", "10.0.0.1", 80);
  private final List<HealthVerdict> verdicts = new ArrayList<>();

  {
    registry.subscribe(verdicts::add);
  }

  @Test
  void failuresMustBeConsecutiveAndASuccessResetsThem() {
    AddressHealth s = registry.state(key);
    registry.report(s, Outcome.TCP_FAILURE, 3, HealthVerdict.Source.PASSIVE);
    registry.report(s, Outcome.TCP_FAILURE, 3, HealthVerdict.Source.PASSIVE);
    registry.report(s, Outcome.SUCCESS, 1, HealthVerdict.Source.PASSIVE);
    registry.report(s, Outcome.TCP_FAILURE, 3, HealthVerdict.Source.PASSIVE);
    assertThat(s.healthy()).isTrue();
    registry.report(s, Outcome.TCP_FAILURE, 3, HealthVerdict.Source.PASSIVE);
    registry.report(s, Outcome.TCP_FAILURE, 3, HealthVerdict.Source.PASSIVE);
    assertThat(s.healthy()).isFalse();
    assertThat(verdicts).singleElement().satisfies(v -> {
      assertThat(v.healthy()).isFalse();
      assertThat(v.key()).isEqualTo(key);
      assertThat(v.source()).isEqualTo(HealthVerdict.Source.PASSIVE);
    });
  }

  @Test
  void aDisabledCounterIgnoresItsReportsEvenSuccesses() {
    AddressHealth s = registry.state(key);
    registry.report(s, Outcome.HTTP_FAILURE, 2, HealthVerdict.Source.PASSIVE);
    registry.report(s, Outcome.SUCCESS, 0, HealthVerdict.Source.PASSIVE); // Kong's default successes = 0
    registry.report(s, Outcome.HTTP_FAILURE, 2, HealthVerdict.Source.PASSIVE);
    assertThat(s.healthy()).isFalse();
    registry.report(s, Outcome.TIMEOUT, 0, HealthVerdict.Source.ACTIVE);
    registry.report(s, Outcome.SUCCESS, 2, HealthVerdict.Source.ACTIVE);
    assertThat(s.healthy()).isFalse();
    registry.report(s, Outcome.SUCCESS, 2, HealthVerdict.Source.ACTIVE);
    assertThat(s.healthy()).isTrue();
  }

  @Test
  void stateSurvivesReconfigurationAndIsForgottenAfterRetention() {
    AddressHealth s = registry.state(key);
    registry.set(s, false, HealthVerdict.Source.ADMIN);
    registry.retain(Set.of());
    assertThat(registry.state(key).healthy()).isFalse();
    now.addAndGet(HealthRegistry.RETAIN_MILLIS);
    registry.retain(Set.of());
    assertThat(registry.find(key)).isNull();
  }

  @Test
  void remoteVerdictsApplyWithoutBeingRepublished() {
    long epoch = registry.epoch();
    registry.apply(new HealthVerdict(key, false, HealthVerdict.Source.REMOTE, 5));
    assertThat(registry.state(key).healthy()).isFalse();
    assertThat(registry.epoch()).isGreaterThan(epoch);
    assertThat(verdicts).isEmpty();
  }

  @Test
  void healthchecksRecordTakesKongDefaultsForMissingFields() {
    HealthChecks d = HealthChecks.from(Json.object());
    assertThat(d.enabled()).isFalse();
    assertThat(d.active().timeoutMillis()).isEqualTo(1000);
    assertThat(d.active().concurrency()).isEqualTo(10);
    assertThat(d.active().limits().healthyStatuses()).containsExactlyInAnyOrder(200, 302);
    assertThat(d.passive().limits().unhealthyStatuses()).containsExactlyInAnyOrder(429, 500, 503);
    assertThat(d.passive().limits().classify(404)).isNull();
    HealthChecks on = HealthChecks.from(Json.parse(
        "{\"active\":{\"type\":\"tcp\",\"unhealthy\":{\"interval\":0.5}},\"threshold\":25}"));
    assertThat(on.enabled()).isTrue();
    assertThat(on.active().unhealthyIntervalMillis()).isEqualTo(500);
    assertThat(on.threshold()).isEqualTo(25);
  }
}
