package io.gatehouse.app;

import io.gatehouse.app.settings.Settings;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Kong's {@code quit} (cmd/quit.lua): after the optional {@code --wait}, asks the node to quit
 * gracefully (SIGTERM: it stops accepting and lets requests in flight finish, see
 * {@code RunCommand}) and waits {@code --timeout} seconds (at least 1) for it to exit; a node still
 * running then is killed. Kong's messages: "stopped (gracefully)" or "Timeout, ... stopped forcefully".
 */
@Command(name = "quit", mixinStandardHelpOptions = true,
    description = "Quit the running Gatehouse gracefully: stop accepting, finish requests in flight; kill it after --timeout.")
final class QuitCommand implements Callable<Integer> {
  @Mixin CommonOptions options = new CommonOptions();

  @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", defaultValue = "10",
      description = "Timeout before the forced stop (default: ${DEFAULT-VALUE}, at least 1).")
  int timeoutSeconds;

  @Option(names = {"-w", "--wait"}, paramLabel = "SECONDS", defaultValue = "0",
      description = "Seconds to wait before starting the graceful quit (e.g. to let a load balancer drain).")
  int waitSeconds;

  @Override
  public Integer call() throws Exception {
    Settings settings = options.load();
    PidFile pidFile = new PidFile(settings.pidFile());
    Optional<ProcessHandle> running = NodeTermination.runningNode(pidFile, settings.prefix());
    if (running.isEmpty()) {
      return 1;
    }
    ProcessHandle process = running.get();
    if (waitSeconds > 0 && NodeTermination.exitsWithin(process, waitSeconds)) {
      System.err.println("Error: Gatehouse stopped while waiting (unexpected)");
      return 0; // as Kong: logged, not a failure of quit
    }
    return switch (NodeTermination.terminate(pidFile, process, Math.max(timeoutSeconds, 1))) {
      case SIGNAL_REFUSED -> 1;
      case GRACEFUL -> {
        System.out.println("Gatehouse stopped (gracefully)");
        yield 0;
      }
      case FORCED, SURVIVED_KILL -> {
        System.out.println("Timeout, Gatehouse stopped forcefully");
        yield 0;
      }
    };
  }
}
