package io.gatehouse.plugins.functions.js;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Interrupts a snippet call that runs past the time limit: the statement limit stops loops, this
 * stops a single slow built-in (a backtracking regular expression over a long string). One daemon
 * thread looks at each runtime's start time a few times per limit; a call costs two volatile writes.
 */
final class Watchdog {
  private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);
  private final long limitNanos;
  private final CopyOnWriteArrayList<WeakReference<JsRuntime>> runtimes = new CopyOnWriteArrayList<>();

  Watchdog(long limitMillis) {
    this.limitNanos = TimeUnit.MILLISECONDS.toNanos(limitMillis);
    Thread t = new Thread(this::loop, "gatehouse-js-watchdog");
    t.setDaemon(true);
    t.start();
  }

  JsRuntime register(JsRuntime rt) {
    runtimes.add(new WeakReference<>(rt));
    return rt;
  }

  private void loop() {
    long period = Math.max(1, TimeUnit.NANOSECONDS.toMillis(limitNanos) / 5);
    while (true) {
      try {
        Thread.sleep(period);
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      for (WeakReference<JsRuntime> ref : runtimes) {
        JsRuntime rt = ref.get();
        if (rt == null) {
          runtimes.remove(ref);
        } else {
          long since = rt.busySince;
          if (since != 0 && now - since > limitNanos) {
            interrupt(rt);
          }
        }
      }
    }
  }

  private static void interrupt(JsRuntime rt) {
    try {
      rt.interrupt(Duration.ofMillis(200));
    } catch (RuntimeException e) {
      LOG.warn("could not interrupt a JavaScript snippet: {}", e.toString());
    }
  }
}
