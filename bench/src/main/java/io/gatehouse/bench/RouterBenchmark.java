package io.gatehouse.bench;

import io.gatehouse.proxy.router.RouteMatch;
import io.gatehouse.proxy.router.Router;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Router lookup cost by table size. Each benchmark cycles through 1024 different requests of its
 * kind so branch prediction and caches see a realistic spread. Run with {@code -prof gc} to see
 * allocation per lookup ({@code miss} must be 0 B/op).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RouterBenchmark {
  @Param({"10", "1000", "100000"})
  int routes;

  Router router;
  BenchRequest[] prefixHits;
  BenchRequest[] hostHits;
  BenchRequest[] regexHits;
  BenchRequest[] misses;
  int i;

  @Setup(Level.Trial)
  public void setup() {
    router = Router.compile(RouteSets.mixed(routes), Set.of());
    prefixHits = new BenchRequest[1024];
    hostHits = new BenchRequest[1024];
    regexHits = new BenchRequest[1024];
    misses = new BenchRequest[1024];
    java.util.Random rnd = new java.util.Random(42);
    for (int k = 0; k < 1024; k++) {
      int base = rnd.nextInt(Math.max(1, routes / 10)) * 10;
      prefixHits[k] = BenchRequest.of("GET", "any.test", "/api/v" + base + "/items/" + k);
      hostHits[k] = BenchRequest.of("GET", "h" + (base + 4) + ".example.test", "/orders/" + k);
      regexHits[k] = BenchRequest.of("GET", "any.test", "/users/" + (base + 7) + "/" + k);
      misses[k] = BenchRequest.of("GET", "nohost" + k + ".test", "/nothing/here/" + k);
    }
    check(prefixHits[0], true);
    check(hostHits[0], routes > 4);
    check(regexHits[0], routes > 7);
    check(misses[0], false);
  }

  private void check(BenchRequest r, boolean hit) {
    if ((router.match(r) != null) != hit) throw new IllegalStateException("unexpected result for " + r);
  }

  @Benchmark
  public RouteMatch prefixHit() {
    return router.match(prefixHits[i++ & 1023]);
  }

  @Benchmark
  public RouteMatch hostHit() {
    return router.match(hostHits[i++ & 1023]);
  }

  @Benchmark
  public RouteMatch regexHit() {
    return router.match(regexHits[i++ & 1023]);
  }

  @Benchmark
  public RouteMatch miss() {
    return router.match(misses[i++ & 1023]);
  }
}
