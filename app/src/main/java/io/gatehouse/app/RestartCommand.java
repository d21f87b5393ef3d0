package io.gatehouse.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Kong's {@code restart}: stop the node of the prefix if it runs, then start it again. */
@Command(name = "restart", mixinStandardHelpOptions = true, description = "Restart Gatehouse (stop if running, then start).")
final class RestartCommand implements Callable<Integer> {
  @Mixin CommonOptions options = new CommonOptions();

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "How long to wait for the node to be ready (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Override
  public Integer call() throws Exception {
    if (new PidFile(options.load().pidFile()).liveProcess().isPresent()) {
      StopCommand stop = new StopCommand();
      stop.options = options;
      stop.timeoutSeconds = 30;
      int stopped = stop.call();
      if (stopped != 0) {
        return stopped;
      }
    }
    StartCommand start = new StartCommand();
    start.options = options;
    start.timeoutSeconds = timeoutSeconds;
    return start.call();
  }
}
