package io.gatehouse.app;

import io.gatehouse.app.settings.Settings;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gatehouse stop}: SIGTERM to the node of the prefix, SIGKILL if it does not stop in time. */
@Command(name = "stop", description = "Stop the Gatehouse running in the prefix.")
final class StopCommand implements Callable<Integer> {
  @Mixin CommonOptions options = new CommonOptions();

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "How long to wait for a graceful stop before killing (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Override
  public Integer call() throws Exception {
    Settings settings = options.load();
    PidFile pidFile = new PidFile(settings.pidFile());
    Optional<ProcessHandle> running = pidFile.liveProcess();
    if (running.isEmpty()) {
      // a pid file without a live process is left over from a crash
      pidFile.delete();
      System.err.println("Error: gatehouse is not running in " + settings.prefix());
      return 1;
    }
    ProcessHandle process = running.get();
    if (!process.destroy()) {
      System.err.println("Error: cannot signal gatehouse (pid " + process.pid() + "); is it another user's?");
      return 1;
    }
    if (!waitForExit(process, timeoutSeconds)) {
      System.err.println("gatehouse (pid " + process.pid() + ") did not stop within " + timeoutSeconds + "s; killing it");
      process.destroyForcibly();
      if (!waitForExit(process, 10)) {
        System.err.println("Error: gatehouse (pid " + process.pid() + ") is still running after SIGKILL");
        return 1;
      }
    }
    pidFile.deleteIfOwnedBy(process.pid());
    System.out.println("Gatehouse stopped");
    return 0;
  }

  private static boolean waitForExit(ProcessHandle process, int seconds) throws InterruptedException {
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
