package io.gatehouse.bench;

import io.gatehouse.admin.analytics.AnalyticsStore;
import io.gatehouse.admin.analytics.Bucket;
import io.gatehouse.admin.analytics.CallFilter;
import io.gatehouse.admin.analytics.CallQueries;
import io.gatehouse.admin.analytics.CallRecord;
import io.gatehouse.admin.analytics.GroupBy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * Fills an analytics store with N calls (10 million by default: 100 routes, spread over 7 days,
 * log-normal-ish latencies, request ids of 32 hex digits as the proxy's) through the store's own write path, then times the aggregate
 * "p99 latency per route per hour" over all of them (goal: under 1 s). Run with
 * {@code java -cp … io.gatehouse.bench.AnalyticsQueryBench [calls] [rounds] [dir]}; the best round counts.
 */
public final class AnalyticsQueryBench {
  private AnalyticsQueryBench() {}

  /** A request id as the proxy makes them: 32 lower-case hex digits. */
  private static String hexId(long high, long low) {
    char[] out = new char[32];
    for (int i = 0; i < 16; i++) {
      out[i] = Character.forDigit((int) (high >>> (60 - 4 * i)) & 0xF, 16);
      out[16 + i] = Character.forDigit((int) (low >>> (60 - 4 * i)) & 0xF, 16);
    }
    return new String(out);
  }

  public static void main(String[] args) throws Exception {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("gatehouse-bench-analytics");
    Path file = dir.resolve("analytics.duckdb");
    Files.deleteIfExists(file);
    Files.deleteIfExists(Path.of(file + ".wal"));
    // a queue large enough that filling never drops; no retention while measuring
    try (AnalyticsStore store = AnalyticsStore.open(new AnalyticsStore.Options(file, 1 << 20, 0, 0, Duration.ofDays(1)))) {
      long t0 = System.nanoTime();
      SplittableRandom rnd = new SplittableRandom(20);
      long now = System.currentTimeMillis();
      long week = Duration.ofDays(7).toMillis();
      for (int i = 0; i < calls; i++) {
        int route = rnd.nextInt(100);
        long latency = (long) Math.exp(rnd.nextDouble(0, 7)); // 1 ms … ~1 s
        int status = rnd.nextInt(100) < 3 ? 500 : 200;
        store.record(new CallRecord(now - rnd.nextLong(week), hexId(rnd.nextLong(), rnd.nextLong()), CallRecord.DEFAULT_WORKSPACE, "svc-" + route % 10,
            "service-" + route % 10, "route-" + route, "route-" + route, null, null, "GET", "/r" + route, status,
            latency, latency - 1, 1, 0, 512, "127.0.0.1", "127.0.0.1:9000"));
        while (i % 100_000 == 0 && !store.flush(Duration.ofMillis(1))) Thread.onSpinWait(); // keep under the queue
      }
      store.flush(Duration.ofMinutes(10));
      System.out.printf("filled %,d calls (%,d dropped) in %.1f s, file %.1f MiB%n", store.written(), store.dropped(),
          (System.nanoTime() - t0) / 1e9, Files.size(file) / 1048576.0);
      CallQueries queries = new CallQueries(store);
      long best = Long.MAX_VALUE;
      for (int r = 1; r <= rounds; r++) {
        long q0 = System.nanoTime();
        int rows = queries.aggregates(CallFilter.ALL, Bucket.HOUR, GroupBy.ROUTE, null).size();
        long ms = (System.nanoTime() - q0) / 1_000_000;
        best = Math.min(best, ms);
        System.out.printf("round %d: p99 latency per route per hour: %d rows in %d ms%n", r, rows, ms);
      }
      System.out.printf("best: %d ms (goal < 1000 ms)%n", best);
    }
  }
}
