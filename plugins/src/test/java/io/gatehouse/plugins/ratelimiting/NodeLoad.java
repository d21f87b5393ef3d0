package io.gatehouse.plugins.ratelimiting;

import io.gatehouse.plugins.testing.PluginGateway;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.function.Consumer;

/** Concurrent load spread over several nodes, counting admitted, limited (429, checked) and other answers. */
record NodeLoad(int admitted, int limited, int other, long slowestMillis) {

  /** {@code total} requests by {@code threads} threads, thread i on node i mod n; 200 and 502 count as proxied. */
  static NodeLoad run(List<PluginGateway> nodes, String path, int total, int threads,
      Consumer<HttpResponse<String>> check429) throws Exception {
    AtomicInteger admitted = new AtomicInteger();
    AtomicInteger limited = new AtomicInteger();
    AtomicInteger other = new AtomicInteger();
    LongAccumulator slowest = new LongAccumulator(Math::max, 0);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        PluginGateway gw = nodes.get(t % nodes.size());
        int n = total / threads;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < n; i++) {
            long started = System.nanoTime();
            HttpResponse<String> r = gw.get(path);
            slowest.accumulate((System.nanoTime() - started) / 1_000_000);
            switch (r.statusCode()) {
              case 502, 200 -> admitted.incrementAndGet(); // 502: proxied to a service that points nowhere
              case 429 -> {
                limited.incrementAndGet();
                check429.accept(r);
              }
              default -> other.incrementAndGet();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return new NodeLoad(admitted.get(), limited.get(), other.get(), slowest.get());
  }
}
