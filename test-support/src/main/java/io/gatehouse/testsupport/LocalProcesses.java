package io.gatehouse.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * What the real servers of this module ({@link RedisServer}, {@link SlapdServer},
 * {@link PostgresServer}, {@link HeadlessChromium}) do alike with their external process: pick a
 * free loopback port, wait until the process serves, kill it, read its log, remove its directory.
 */
final class LocalProcesses {
  private LocalProcesses() {}

  /** A loopback port free right now (another process may take it before ours binds: callers retry). */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Polls {@code serving} until it holds; fails with the process's log when the process exits or
   * {@code within} passes first.
   */
  static void awaitServing(Process process, BooleanSupplier serving, Duration within, String what, Path... logs) {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(what + " exited: " + read(logs));
      }
      if (serving.getAsBoolean()) {
        return;
      }
      try {
        Thread.sleep(20); // polling an external process's readiness, not synchronizing threads
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting " + what, e);
      }
    }
    throw new IllegalStateException(what + " did not serve within " + within + ": " + read(logs));
  }

  /** Kills {@code process} (SIGKILL: an abrupt outage) and waits for it to exit; null is a no-op. */
  static void kill(@Nullable Process process, String what) {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException(what + " did not exit");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping " + what, e);
    }
  }

  /** The files' texts, those that exist, one after the other (a failing start's explanation). */
  static String read(Path... files) {
    StringBuilder text = new StringBuilder();
    for (Path file : files) {
      try {
        if (Files.exists(file)) text.append(Files.readString(file));
      } catch (IOException e) {
        text.append("(no log: ").append(e).append(')');
      }
    }
    return text.toString();
  }

  /** Removes a directory tree, best effort: a temporary directory left behind is harmless. */
  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort
    }
  }
}
