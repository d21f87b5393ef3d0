package io.gatehouse.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Kong's {@code quit}: the graceful stop ({@code stop}'s SIGTERM, which runs the node's orderly
 * shutdown) after Kong's optional {@code --wait}, forcing it after {@code --timeout}.
 */
@Command(name = "quit", mixinStandardHelpOptions = true,
    description = "Quit the running Gatehouse gracefully (SIGTERM, as stop), with Kong's --wait and --timeout.")
final class QuitCommand implements Callable<Integer> {
  @Mixin CommonOptions options = new CommonOptions();

  @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", defaultValue = "10",
      description = "How long to wait for in-flight requests before forcing the stop (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "0",
      description = "Seconds to wait before starting the graceful quit (Kong's --wait).")
  int waitSeconds;

  @Override
  public Integer call() throws Exception {
    if (waitSeconds > 0) {
      Thread.sleep(waitSeconds * 1000L); // the user asked for this delay (e.g. to let a load balancer drain)
    }
    StopCommand stop = new StopCommand();
    stop.options = options;
    stop.timeoutSeconds = timeoutSeconds;
    return stop.call();
  }
}
