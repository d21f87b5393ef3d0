package io.gatehouse.plugins.limits;

import java.util.List;
import java.util.Objects;

/**
 * The limits of one plugin instance and how their counter keys are made:
 * {@code <prefix>:<route_id>:<service_id>:<identifier>:<window_start_ms>:<period>[:<suffix>]}
 * (Kong's key with the plugin's scope ids, the zero UUID when unscoped).
 *
 * @param sliding weigh the previous window in ({@code strategy = sliding-window})
 */
public record LimitSet(List<Limit> limits, boolean sliding, String keyPrefix) {
  public static final String NO_ID = "00000000-0000-0000-0000-000000000000";

  public LimitSet {
    limits = List.copyOf(limits);
    Objects.requireNonNull(keyPrefix, "keyPrefix");
  }

  /**
   * Limits on the same window count the same requests, so only the lowest of them matters: keeps
   * one limit per window, ordered by window length.
   */
  public static List<Limit> lowestPerWindow(List<Limit> limits) {
    java.util.Map<Window, Limit> byWindow = new java.util.LinkedHashMap<>();
    for (Limit l : limits) {
      byWindow.merge(l.window(), l, (a, b) -> a.max() <= b.max() ? a : b);
    }
    return byWindow.values().stream()
        .sorted(java.util.Comparator.comparingLong(l -> l.window().seconds())).toList();
  }

  /** {@code <prefix>:<route_id>:<service_id>} */
  public static String keyPrefix(String prefix, String routeId, String serviceId) {
    return prefix + ":" + routeId + ":" + serviceId;
  }

  /** The slots of every limit for one identifier at one moment. */
  public Slot[] slots(String identifier, long nowMillis, String suffix) {
    Slot[] slots = new Slot[limits.size()];
    for (int i = 0; i < slots.length; i++) {
      Window w = limits.get(i).window();
      long start = w.start(nowMillis);
      String base = keyPrefix + ":" + identifier + ":";
      String tail = ":" + w.period() + suffix;
      if (sliding) {
        double weight = Math.max(0, Math.min(1, w.previousWeight(nowMillis)));
        slots[i] = new Slot(base + start + tail, base + w.previousStart(nowMillis) + tail, weight,
            limits.get(i).max(), w.seconds() * 2);
      } else {
        slots[i] = new Slot(base + start + tail, null, 0, limits.get(i).max(), w.seconds());
      }
    }
    return slots;
  }
}
