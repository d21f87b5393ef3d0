package io.gatehouse.plugins.llm;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The node's AI usage for operators ({@code GET /ai/usage}): tokens and cost of every proxied model
 * call, summed per minute by consumer, route, provider and model, kept 24 hours. Fed by ai-proxy's
 * log phase; reading sums the minutes of a trailing window. Counting is lock-free (adders); the
 * table has one row per key and minute, so its size follows the distinct callers, not the traffic.
 */
public final class UsageLedger {
  /** The node's ledger: every AI plugin of this process records into it. */
  public static final UsageLedger NODE = new UsageLedger(System::currentTimeMillis);

  private static final long MINUTE = 60_000;
  private static final long KEEP = 24 * 60 * MINUTE;

  /** Who and what a row counts. Null parts: no consumer, no route. */
  public record Key(@Nullable String consumerId, @Nullable String consumerName, @Nullable String routeId,
      @Nullable String routeName, String provider, String model) {}

  private record Cell(long minute, Key key) {}

  private static final class Sums {
    final LongAdder requests = new LongAdder();
    final LongAdder prompt = new LongAdder();
    final LongAdder completion = new LongAdder();
    final DoubleAdder cost = new DoubleAdder();
  }

  /** Trailing windows {@code GET /ai/usage/{window}} reports. */
  public enum Window {
    MINUTE(1), HOUR(60), DAY(24 * 60);

    final int minutes;

    Window(int minutes) {
      this.minutes = minutes;
    }

    public static @Nullable Window named(String name) {
      for (Window w : values()) {
        if (w.name().equalsIgnoreCase(name)) return w;
      }
      return null;
    }
  }

  private final LongSupplier clock;
  private final Map<Cell, Sums> cells = new ConcurrentHashMap<>();
  private final AtomicLong swept = new AtomicLong();

  public UsageLedger(LongSupplier clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Counts one model call. */
  public void record(Key key, TokenUsage usage) {
    long now = clock.getAsLong();
    long minute = Math.floorDiv(now, MINUTE) * MINUTE;
    Sums s = cells.computeIfAbsent(new Cell(minute, key), c -> new Sums());
    s.requests.increment();
    s.prompt.add(usage.promptTokens());
    s.completion.add(usage.completionTokens());
    s.cost.add(usage.cost());
    long last = swept.get();
    if (minute > last && swept.compareAndSet(last, minute)) {
      cells.keySet().removeIf(c -> c.minute() < minute - KEEP); // at most once a minute
    }
  }

  /** The usage of the trailing window: totals and one row per key, most tokens first (the Admin API's body). */
  public Map<String, Object> report(Window window) {
    long now = clock.getAsLong();
    long from = Math.floorDiv(now, MINUTE) * MINUTE - (window.minutes - 1) * MINUTE;
    Map<Key, long[]> tokens = new LinkedHashMap<>();
    Map<Key, double[]> costs = new LinkedHashMap<>();
    cells.forEach((cell, s) -> {
      if (cell.minute() < from) return;
      long[] t = tokens.computeIfAbsent(cell.key(), k -> new long[3]);
      t[0] += s.requests.sum();
      t[1] += s.prompt.sum();
      t[2] += s.completion.sum();
      costs.computeIfAbsent(cell.key(), k -> new double[1])[0] += s.cost.sum();
    });
    List<Map<String, @Nullable Object>> rows = new ArrayList<>();
    long[] total = new long[3];
    double totalCost = 0;
    for (Map.Entry<Key, long[]> e : tokens.entrySet()) {
      Key k = e.getKey();
      long[] t = e.getValue();
      double cost = costs.get(k)[0];
      Map<String, @Nullable Object> row = new LinkedHashMap<>();
      row.put("consumer", k.consumerId() == null ? null : ref(k.consumerId(), "username", k.consumerName()));
      row.put("route", k.routeId() == null ? null : ref(k.routeId(), "name", k.routeName()));
      row.put("provider", k.provider());
      row.put("model", k.model());
      row.putAll(sums(t, cost));
      rows.add(row);
      for (int i = 0; i < 3; i++) total[i] += t[i];
      totalCost += cost;
    }
    rows.sort((a, b) -> Long.compare((Long) b.get("total_tokens"), (Long) a.get("total_tokens")));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("window", window.name().toLowerCase(java.util.Locale.ROOT));
    out.put("from", Instant.ofEpochMilli(from).toString());
    out.put("to", Instant.ofEpochMilli(now).toString());
    out.put("totals", sums(total, totalCost));
    out.put("data", rows);
    return out;
  }

  private static Map<String, Object> ref(String id, String nameField, @Nullable String name) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    if (name != null) m.put(nameField, name);
    return m;
  }

  private static Map<String, Object> sums(long[] t, double cost) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("requests", t[0]);
    m.put("prompt_tokens", t[1]);
    m.put("completion_tokens", t[2]);
    m.put("total_tokens", t[1] + t[2]);
    m.put("cost", cost);
    return m;
  }
}
