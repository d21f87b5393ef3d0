package io.gatehouse.admin.analytics;

import io.gatehouse.bench.BenchCall;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Recording one call into the ring alone (no writer draining it, so it laps: the drop-oldest
 * steady state), per ring size: what the event loop pays without another core reading the same
 * cache lines. In the bench module but in the store's package, to reach the package-private ring.
 * {@link io.gatehouse.bench.AnalyticsRecordBench} measures the store's listener with its writer running.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CallRingBench {
  @Param({"4096", "65536"})
  public int capacity;

  CallRing ring;
  final BenchCall call = new BenchCall();

  @Setup
  public void setup() {
    ring = new CallRing(capacity);
  }

  @Benchmark
  public void record() {
    ring.record(call, 1_764_950_400_000L, null);
  }
}
