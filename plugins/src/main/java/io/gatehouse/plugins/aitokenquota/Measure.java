package io.gatehouse.plugins.aitokenquota;

import java.math.BigDecimal;

/**
 * What a quota window counts: model tokens, or cost in currency units. Counters hold whole numbers,
 * so cost is counted in millionths of a unit (a model's prices are per million tokens, so whole
 * prices give exact counts).
 */
enum Measure {
  TOKENS("X-AI-RateLimit", "AI token quota exceeded"),
  COST("X-AI-Cost", "AI cost budget exceeded");

  private static final long MICROS = 1_000_000;

  /** The prefix of the {@code -Limit-<Window>}, {@code -Remaining-<Window>} and {@code -Reset} headers. */
  final String headerPrefix;
  /** The 429 body's {@code message}. */
  final String exceeded;

  Measure(String headerPrefix, String exceeded) {
    this.headerPrefix = headerPrefix;
    this.exceeded = exceeded;
  }

  /** A configured amount as a counter value. */
  long count(double amount) {
    return this == TOKENS ? (long) Math.ceil(amount) : Math.round(amount * MICROS);
  }

  /** A counter value as headers and the 429 body show it: tokens, or currency units ({@code 0.00019}). */
  Number show(long counted) {
    return this == TOKENS ? counted : BigDecimal.valueOf(counted, 6).stripTrailingZeros();
  }

  String text(long counted) {
    return this == TOKENS ? Long.toString(counted) : ((BigDecimal) show(counted)).toPlainString();
  }

  /** A call's cost as a counter increment: any cost above 0 counts at least one millionth. */
  static long costCount(double cost) {
    return cost <= 0 ? 0 : Math.max(1, Math.round(cost * MICROS));
  }
}
