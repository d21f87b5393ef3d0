package io.gatehouse.app;

import io.gatehouse.app.settings.Settings;
import java.util.Optional;
import java.util.concurrent.Callable;
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
    Optional<ProcessHandle> running = NodeTermination.runningNode(pidFile, settings.prefix());
    if (running.isEmpty()) {
      return 1;
    }
    long pid = running.get().pid();
    switch (NodeTermination.terminate(pidFile, running.get(), timeoutSeconds)) {
      case SIGNAL_REFUSED -> {
        return 1;
      }
      case SURVIVED_KILL -> {
        System.err.println("Error: gatehouse (pid " + pid + ") is still running after SIGKILL");
        return 1;
      }
      case FORCED -> System.err.println("gatehouse (pid " + pid + ") did not stop within " + timeoutSeconds + "s; killed it");
      case GRACEFUL -> { }
    }
    System.out.println("Gatehouse stopped");
    return 0;
  }
}
