package io.gatehouse.testsupport;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock tests move forward by hand (windows and timeouts without sleeping); safe to read from any thread. */
public final class MovableClock extends Clock {
  private final AtomicLong millis;

  /** Starting at 2026-01-01T00:00:00Z. */
  public MovableClock() {
    this(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
  }

  public MovableClock(long startMillis) {
    this.millis = new AtomicLong(startMillis);
  }

  public void advance(long ms) {
    millis.addAndGet(ms);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }
}
