package io.gatehouse.testsupport.fuzz;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A bounded property run for the suite: the target gets {@link Choices} from a seeded random
 * source, try after try, until the try count or the time budget is spent, each try under a
 * timeout (a hang is a failure). A failure names the seed that reproduces it alone.
 *
 * <p>System properties (docs/testing.md): {@code gatehouse.fuzz.tries} (overrides the test's
 * default count), {@code gatehouse.fuzz.seconds} (time budget, default 3), {@code
 * gatehouse.fuzz.seed} (first seed; random by default).
 */
public final class FuzzRun {
  public static final String TRIES = "gatehouse.fuzz.tries";
  public static final String SECONDS = "gatehouse.fuzz.seconds";
  public static final String SEED = "gatehouse.fuzz.seed";

  private FuzzRun() {}

  /**
   * Runs {@code target} on generated inputs; returns how many tries ran.
   *
   * @param defaultTries the in-suite try count when {@code gatehouse.fuzz.tries} is not set
   * @param perTry how long one try may take before it counts as a hang
   */
  public static int run(String name, int defaultTries, Duration perTry, Consumer<Choices> target) {
    int tries = Integer.getInteger(TRIES, defaultTries);
    long budgetNanos = TimeUnit.SECONDS.toNanos(Long.getLong(SECONDS, 3));
    long base = Long.getLong(SEED, ThreadLocalRandom.current().nextLong());
    long start = System.nanoTime();
    ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fuzz-" + name);
      t.setDaemon(true); // a hung try must not keep the JVM alive
      return t;
    });
    int done = 0;
    try {
      for (; done < tries && (done == 0 || System.nanoTime() - start < budgetNanos); done++) {
        long seed = base + done;
        Future<?> f = worker.submit(() -> target.accept(Choices.random(seed)));
        try {
          f.get(perTry.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          f.cancel(true);
          throw new AssertionError(name + ": try " + done + " took over " + perTry + " (a hang); " + rerun(seed));
        } catch (ExecutionException e) {
          throw new AssertionError(name + ": try " + done + " failed: " + e.getCause() + "; " + rerun(seed), e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(name + ": interrupted", e);
        }
      }
    } finally {
      worker.shutdownNow();
    }
    System.out.printf("fuzz %s: %d tries in %d ms (first seed %d)%n", name, done,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), base);
    return done;
  }

  private static String rerun(long seed) {
    return "rerun it alone with -D" + SEED + "=" + seed + " -D" + TRIES + "=1";
  }
}
