package io.gatehouse.bench;

import io.gatehouse.admin.analytics.AnalyticsStore;
import io.gatehouse.proxy.events.RequestListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the event loop pays to put one finished call in the call log: the analytics store's
 * listener ({@code logged}) copying the exchange's facts into its preallocated ring, while the
 * store's writer drains the ring into DuckDB on its own thread. Run with {@code -prof gc}:
 * {@code gc.alloc.rate.norm} should be 0 B/op (the writer's allocations are on its own thread and
 * show in {@code gc.alloc.rate}, not per op). {@code baseline} calls a listener that does nothing.
 * The writer's CPU per 1,000 calls is measured by {@link AnalyticsWriterCost}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AnalyticsRecordBench {
  Path dir;
  AnalyticsStore store;
  RequestListener listener;
  RequestListener nothing = new RequestListener() {};
  BenchCall call = new BenchCall();

  @Setup(Level.Trial)
  public void open() throws Exception {
    dir = Files.createTempDirectory("gatehouse-bench-record");
    store = AnalyticsStore.open(new AnalyticsStore.Options(dir.resolve("analytics.duckdb"), 65_536, 0, 0,
        Duration.ofDays(1)));
    listener = store.listener();
  }

  @TearDown(Level.Trial)
  public void close() throws Exception {
    System.out.printf("%nwritten %,d, dropped %,d (drops: the writer shares the machine with the benchmark)%n",
        store.written(), store.dropped());
    store.close();
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) Files.deleteIfExists(p);
    }
    Files.deleteIfExists(dir);
  }

  @Benchmark
  public void record() {
    listener.logged(call);
  }

  @Benchmark
  public void baseline() {
    nothing.logged(call);
  }
}
