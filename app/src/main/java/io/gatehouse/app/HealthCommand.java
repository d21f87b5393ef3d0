package io.gatehouse.app;

import io.gatehouse.app.settings.Settings;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code gatehouse health}: exit 0 when {@code GET /status/ready} on the status listener answers 200. */
@Command(name = "health", description = "Check whether Gatehouse is up and ready (exit 0 when healthy).")
final class HealthCommand implements Callable<Integer> {
  @Mixin CommonOptions options = new CommonOptions();

  @Override
  public Integer call() {
    Settings settings = options.load();
    Optional<ProcessHandle> running = new PidFile(settings.pidFile()).liveProcess();
    if (settings.statusListen().isEmpty()) {
      // without a status listener the pid file is all there is to go on
      if (running.isPresent()) {
        System.out.println("gatehouse is running (pid " + running.get().pid() + "); readiness unknown: status_listen is off");
        return 0;
      }
      System.err.println("gatehouse is not running in " + settings.prefix() + " (status_listen is off)");
      return 1;
    }
    StatusProbe.Result result = new StatusProbe().probe(settings.statusListen().getFirst(), "/status/ready");
    if (result.ready()) {
      System.out.println("gatehouse is healthy");
      return 0;
    }
    String pid = running.map(p -> "pid " + p.pid() + " is running in " + settings.prefix())
        .orElse("no gatehouse is running in " + settings.prefix());
    System.err.println("gatehouse is not healthy: " + result.reason() + "; " + pid);
    return 1;
  }
}
