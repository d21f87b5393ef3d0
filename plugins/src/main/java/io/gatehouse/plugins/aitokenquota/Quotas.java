package io.gatehouse.plugins.aitokenquota;

import io.gatehouse.plugins.limits.Limit;
import io.gatehouse.plugins.limits.LimitSet;
import io.gatehouse.plugins.limits.Slot;
import io.gatehouse.plugins.limits.Window;
import java.util.ArrayList;
import java.util.List;

/**
 * The windows of one ai-token-quota instance: token windows and cost windows, each counted under
 * its own keys. Slots come tokens first, then cost, in the order of {@link #measure}.
 */
record Quotas(LimitSet tokens, LimitSet costs) {

  static Quotas of(AiTokenQuotaPlugin.Config c, String keyPrefix) {
    List<Limit> tokens = new ArrayList<>();
    add(tokens, Window.MINUTE, c.tokensPerMinute(), Measure.TOKENS);
    add(tokens, Window.HOUR, c.tokensPerHour(), Measure.TOKENS);
    add(tokens, Window.DAY, c.tokensPerDay(), Measure.TOKENS);
    List<Limit> costs = new ArrayList<>();
    add(costs, Window.HOUR, c.costPerHour(), Measure.COST);
    add(costs, Window.DAY, c.costPerDay(), Measure.COST);
    add(costs, Window.MONTH, c.costPerMonth(), Measure.COST);
    return new Quotas(new LimitSet(tokens, false, keyPrefix), new LimitSet(costs, false, keyPrefix + ":cost"));
  }

  private static void add(List<Limit> limits, Window w, @org.jspecify.annotations.Nullable Number max, Measure m) {
    if (max != null) limits.add(new Limit(w, m.count(max.doubleValue()), m.text(m.count(max.doubleValue()))));
  }

  boolean isEmpty() {
    return tokens.limits().isEmpty() && costs.limits().isEmpty();
  }

  int size() {
    return tokens.limits().size() + costs.limits().size();
  }

  /** Every window's slot for one identifier at one moment. */
  Slot[] slots(String identifier, long nowMillis) {
    Slot[] t = tokens.slots(identifier, nowMillis, "");
    Slot[] c = costs.slots(identifier, nowMillis, "");
    Slot[] all = java.util.Arrays.copyOf(t, t.length + c.length);
    System.arraycopy(c, 0, all, t.length, c.length);
    return all;
  }

  Measure measure(int slot) {
    return slot < tokens.limits().size() ? Measure.TOKENS : Measure.COST;
  }

  Window window(int slot) {
    int n = tokens.limits().size();
    return slot < n ? tokens.limits().get(slot).window() : costs.limits().get(slot - n).window();
  }

  /** Whole seconds until the slot's window ends (the calendar month's real end for a month), at least 1. */
  long resetSeconds(int slot, long nowMillis) {
    return Math.max(1, Math.ceilDiv(window(slot).nextStart(nowMillis) - nowMillis, 1000));
  }
}
