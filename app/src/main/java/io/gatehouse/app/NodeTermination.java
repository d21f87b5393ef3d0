package io.gatehouse.app;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What {@code stop} and {@code quit} share: find the node of a prefix, SIGTERM it, SIGKILL it after a grace time. */
final class NodeTermination {
  private static final int KILL_WAIT_SECONDS = 10;

  enum Outcome {
    /** It exited within the grace time. */
    GRACEFUL,
    /** It was killed after the grace time and is gone. */
    FORCED,
    /** The signal was refused (another user's process). */
    SIGNAL_REFUSED,
    /** It is still there after SIGKILL. */
    SURVIVED_KILL
  }

  private NodeTermination() {}

  /** The node the pid file names; empty after reporting that none runs (a stale pid file is removed). */
  static Optional<ProcessHandle> runningNode(PidFile pidFile, Path prefix) {
    Optional<ProcessHandle> running = pidFile.liveProcess();
    if (running.isEmpty()) {
      pidFile.delete(); // left over from a crash
      System.err.println("Error: gatehouse is not running in " + prefix);
    }
    return running;
  }

  /** SIGTERM, then up to {@code graceSeconds} for the exit, then SIGKILL; the pid file goes with the node. */
  static Outcome terminate(PidFile pidFile, ProcessHandle process, int graceSeconds) throws InterruptedException {
    if (!process.destroy()) {
      System.err.println("Error: cannot signal gatehouse (pid " + process.pid() + "); is it another user's?");
      return Outcome.SIGNAL_REFUSED;
    }
    Outcome outcome = Outcome.GRACEFUL;
    if (!exitsWithin(process, graceSeconds)) {
      process.destroyForcibly();
      outcome = exitsWithin(process, KILL_WAIT_SECONDS) ? Outcome.FORCED : Outcome.SURVIVED_KILL;
    }
    if (outcome != Outcome.SURVIVED_KILL) {
      pidFile.deleteIfOwnedBy(process.pid());
    }
    return outcome;
  }

  static boolean exitsWithin(ProcessHandle process, int seconds) throws InterruptedException {
    try {
      process.onExit().get(seconds, TimeUnit.SECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !process.isAlive();
    }
  }
}
