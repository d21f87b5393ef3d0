package io.gatehouse.bench;

import com.sun.management.OperatingSystemMXBean;
import io.gatehouse.admin.analytics.AnalyticsStore;
import io.gatehouse.proxy.events.RequestListener;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The writer side's CPU per 1,000 calls: records calls at a steady rate (like a node under load,
 * {@code rate} calls/s, 20,000 by default) through the store's listener for {@code seconds} (10),
 * waits until all are written, and divides the process's CPU time minus the recording thread's by
 * the calls written (the writer thread, DuckDB's own threads and GC), including a final {@code CHECKPOINT}. Each call has its own
 * request id and, as the proxy parses it from the request line, its own path string; between calls the
 * recording thread allocates {@code garbage} bytes (2,048 by default, about what the proxy allocates per
 * request), so the writer finds a call's strings as far out of the cache as in a node. {@code java --add-opens=java.base/java.nio=ALL-UNNAMED -cp …
 * io.gatehouse.bench.AnalyticsWriterCost [rate] [seconds] [rounds] [garbage]} (without the option the writer falls back to
 * DuckDB's Appender, as a node started without the launcher would).
 */
public final class AnalyticsWriterCost {
  private AnalyticsWriterCost() {}

  /** Where the per-call garbage goes, so that the JIT keeps allocating it. */
  static volatile byte[] sink;

  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int garbage = args.length > 3 ? Integer.parseInt(args[3]) : 2048;
    byte[] path = "/plain/anything".getBytes(StandardCharsets.ISO_8859_1);
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    var threads = ManagementFactory.getThreadMXBean();
    int calls = rate * seconds;
    String[] ids = new String[calls];
    for (int i = 0; i < calls; i++) ids[i] = String.format("%032x", i); // made before: the proxy makes its own
    for (int round = 1; round <= rounds; round++) {
      Path dir = Files.createTempDirectory("gatehouse-bench-writer");
      try (AnalyticsStore store = AnalyticsStore.open(new AnalyticsStore.Options(dir.resolve("analytics.duckdb"),
          65_536, 0, 0, Duration.ofDays(1)))) {
        RequestListener listener = store.listener();
        long writerThread = Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("analytics-writer")).findFirst().orElseThrow().threadId();
        long writer0 = threads.getThreadCpuTime(writerThread);
        BenchCall call = new BenchCall();
        long process0 = os.getProcessCpuTime();
        long self0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long gap = 1_000_000_000L / rate;
        for (int i = 0; i < calls; i++) {
          call.requestId = ids[i];
          call.path = new String(path, StandardCharsets.ISO_8859_1);
          sink = new byte[garbage];
          call.status = i % 50 == 0 ? 500 : 200;
          call.elapsedNanos = 1_000_000L + (i % 97) * 100_000L;
          listener.logged(call);
          long due = t0 + (i + 1) * gap;
          while (System.nanoTime() < due) LockSupport.parkNanos(Math.max(1, due - System.nanoTime()));
        }
        long self = threads.getCurrentThreadCpuTime() - self0;
        if (!store.flush(Duration.ofMinutes(5))) throw new IllegalStateException("not written within 5 minutes");
        try (var c = store.connection(); var s = c.createStatement()) {
          s.execute("CHECKPOINT"); // inside the window: deferring the WAL's checkpoint past it must not flatter a variant
        }
        long writerOnly = threads.getThreadCpuTime(writerThread) - writer0;
        long writer = os.getProcessCpuTime() - process0 - self;
        System.out.printf("round %d: %,d calls at %,d/s: written %,d, dropped %,d; writer side %.1f ms CPU per 1,000 calls"
            + " (%.1f %% of one core at this rate), the writer thread alone %.2f; recording thread %.0f ns per call incl. pacing%n",
            round, calls, rate, store.written(), store.dropped(), writer / 1e6 / (store.written() / 1000.0),
            100.0 * writer / (seconds * 1e9), writerOnly / 1e6 / (store.written() / 1000.0), self / (double) calls);
      }
      try (var files = Files.list(dir)) {
        for (Path p : files.toList()) Files.deleteIfExists(p);
      }
      Files.deleteIfExists(dir);
    }
  }
}
