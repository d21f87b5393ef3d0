package io.gatehouse.app;

import io.gatehouse.app.settings.Settings;
import java.nio.file.Files;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Kong's {@code reload}: checks the settings, then has the node of the prefix re-read them and its
 * certificates (SIGHUP, as nginx) without closing a connection; see {@link NodeReload} for what a
 * running node changes. Unlike Kong it waits for the node's answer, so a refused reload (a bad
 * certificate) fails here.
 */
@Command(name = "reload", mixinStandardHelpOptions = true,
    description = "Reload the running Gatehouse: re-read settings and certificates without dropping connections.")
final class ReloadCommand implements Callable<Integer> {
  @Mixin CommonOptions options = new CommonOptions();

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "How long to wait for the node's answer (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(names = "--nginx-conf", paramLabel = "FILE", description = "Not applicable: Gatehouse has no nginx (ignored).")
  String nginxConf;

  @Option(names = "--nginx-conf-flags", paramLabel = "FLAGS", description = "Not applicable: Gatehouse has no nginx (ignored).")
  String nginxConfFlags;

  @Override
  public Integer call() throws Exception {
    Settings settings = options.load(); // an invalid file fails here, before the node is asked
    if (nginxConf != null || nginxConfFlags != null) {
      System.err.println("note: --nginx-conf and --nginx-conf-flags are not applicable to Gatehouse (no nginx); ignored");
    }
    if (!Files.isDirectory(settings.prefix())) {
      System.err.println("Error: no such prefix: " + settings.prefix());
      return 1;
    }
    Optional<ProcessHandle> running = new PidFile(settings.pidFile()).liveProcess();
    if (running.isEmpty()) {
      System.err.println("Error: gatehouse is not running in " + settings.prefix());
      return 1;
    }
    long pid = running.get().pid();
    String id = UUID.randomUUID().toString();
    ReloadFiles.writeRequest(settings.prefix(), new ReloadFiles.Request(id, settings.confFile()));
    Process kill = new ProcessBuilder("kill", "-s", "HUP", Long.toString(pid)).redirectErrorStream(true).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      System.err.println("Error: cannot signal gatehouse (pid " + pid + "): "
          + new String(kill.getInputStream().readAllBytes()).strip());
      return 1;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (System.nanoTime() - deadline < 0) {
      Optional<ReloadFiles.Result> answer = ReloadFiles.readResult(settings.prefix(), id);
      if (answer.isPresent()) {
        return report(answer.get());
      }
      if (running.get().onExit().isDone()) {
        System.err.println("Error: gatehouse (pid " + pid + ") exited while reloading; see " + settings.errorLog());
        return 1;
      }
      Thread.sleep(50); // a command-line wait for another process's file, not a request path
    }
    System.err.println("Error: gatehouse (pid " + pid + ") did not answer the reload within " + timeoutSeconds + "s");
    return 1;
  }

  private static int report(ReloadFiles.Result result) {
    if (!result.ok()) {
      System.err.println("Error: reload refused, the node keeps its settings: " + result.message());
      return 1;
    }
    System.out.println("Gatehouse reloaded");
    if (!result.needRestart().isEmpty()) {
      System.err.println("note: changed settings that take effect at the next restart: "
          + String.join(", ", result.needRestart()));
    }
    return 0;
  }
}
