package io.gatehouse.app;

import io.gatehouse.app.settings.Listener;
import io.gatehouse.app.settings.Settings;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gatehouse start}: runs {@code gatehouse run} as a detached background process with its
 * output in the prefix's error log, and waits until it is ready.
 */
@Command(name = "start", description = "Start Gatehouse in the background and wait until it is ready.")
final class StartCommand implements Callable<Integer> {
  private static final Duration POLL = Duration.ofMillis(100);

  @Mixin CommonOptions options = new CommonOptions();

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "How long to wait for the node to be ready (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(names = "--run-migrations", description = "Kong's flag: run pending migrations before starting"
      + " (Gatehouse's stores always apply them when they open).")
  boolean runMigrations;

  @Option(names = "--db-timeout", paramLabel = "SECONDS", description = "Kong's flag; accepted (pg_timeout applies).")
  Double dbTimeout;

  @Option(names = "--lock-timeout", paramLabel = "SECONDS", description = "Kong's flag; accepted (migrations lock themselves).")
  Integer lockTimeout;

  @Option(names = "--nginx-conf", paramLabel = "FILE", description = "Not applicable: Gatehouse has no nginx (ignored).")
  String nginxConf;

  /** Set when the node came up DB-less with no configuration (ready once one is posted). */
  private boolean awaitingConfiguration;

  @Override
  public Integer call() throws Exception {
    Settings settings = options.load();
    if (nginxConf != null) {
      System.err.println("note: --nginx-conf is not applicable to Gatehouse (no nginx); ignored");
    }
    settings.warnings().forEach(w -> System.err.println("warning: " + w));
    PidFile pidFile = new PidFile(settings.pidFile());
    Optional<ProcessHandle> running = pidFile.liveProcess();
    if (running.isPresent()) {
      System.err.println("Error: gatehouse is already running in " + settings.prefix()
          + " (pid " + running.get().pid() + "); stop it with: gatehouse stop --prefix " + settings.prefix());
      return 1;
    }
    Files.createDirectories(settings.logsDirectory());
    Path log = settings.errorLog();
    Files.createDirectories(log.getParent());
    long logStart = Files.exists(log) ? Files.size(log) : 0;

    Process process = new ProcessBuilder(command(settings))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectErrorStream(true)
        .start();

    Optional<String> failure = awaitReady(process, settings);
    if (failure.isPresent()) {
      System.err.println("Error: gatehouse did not start: " + failure.get());
      if (process.isAlive()) {
        stop(process);
      }
      System.err.println("Last lines of " + log + ":");
      tail(log, logStart, 40).forEach(line -> System.err.println("  " + line));
      return 1;
    }
    System.out.println("Gatehouse started (pid " + process.pid() + ", prefix " + settings.prefix() + ")");
    print("proxy", settings.proxyListen());
    print("Admin API", settings.adminListen());
    print("status API", settings.statusListen());
    System.out.println("  log:         " + log);
    if (awaitingConfiguration) {
      System.out.println("Not ready yet: DB-less with no configuration; load one with POST /config on the Admin API"
          + " (or set declarative_config)");
    }
    return 0;
  }

  /** {@code java <same JVM options> -cp <same class path> Main run ...}, in its own session. */
  private List<String> command(Settings settings) {
    List<String> cmd = new ArrayList<>();
    // a session of its own: closing the terminal that ran `gatehouse start` must not stop the node
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      cmd.add("/usr/bin/setsid");
    }
    cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      // a debugger or agent port would clash with the launcher's own
      if (!arg.startsWith("-agentlib") && !arg.startsWith("-javaagent") && !arg.startsWith("-Xrunjdwp")) {
        cmd.add(arg);
      }
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.add("run");
    cmd.add("--prefix");
    cmd.add(settings.prefix().toString());
    if (settings.confFile() != null) {
      cmd.add("--conf");
      cmd.add(settings.confFile().toString());
    }
    if (options.verbose) {
      cmd.add("--verbose");
    }
    return cmd;
  }

  /** Polls readiness until it answers, the process exits or the timeout passes; empty when ready. */
  private Optional<String> awaitReady(Process process, Settings settings) throws InterruptedException {
    StatusProbe probe = new StatusProbe();
    Listener status = settings.statusListen().isEmpty() ? null : settings.statusListen().getFirst();
    Listener admin = settings.adminListen().isEmpty() ? null : settings.adminListen().getFirst();
    PidFile pidFile = new PidFile(settings.pidFile());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    String lastReason = "no answer yet";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        return Optional.of("the process exited with status " + process.exitValue());
      }
      StatusProbe.Result result;
      if (status != null) {
        result = probe.probe(status, "/status/ready");
      } else if (admin != null) {
        result = probe.probe(admin, "/status");
      } else {
        // nothing to ask: the pid file written by `run` is the best sign left
        result = new StatusProbe.Result(pidFile.read().orElse(-1) == process.pid(), "no pid file yet");
      }
      // the answer must come from our process: another node could hold the port (it then exits)
      if (result.state() != StatusProbe.State.NOT_READY && pidFile.read().orElse(-1) == process.pid() && process.isAlive()) {
        if (result.state() == StatusProbe.State.AWAITING_CONFIGURATION) {
          // as Kong: a DB-less node without declarative_config is up, not ready until a config is posted
          awaitingConfiguration = true;
        }
        return Optional.empty();
      }
      lastReason = result.reason();
      try {
        // waits for the next poll, and wakes at once if the process dies
        process.onExit().get(POLL.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException e) {
        // still running: poll again
      }
    }
    return Optional.of("not ready after " + timeoutSeconds + "s (" + lastReason + ")");
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static void print(String what, List<Listener> listeners) {
    String where = listeners.isEmpty() ? "off"
        : listeners.stream().map(l -> (l.ssl() ? "https://" : "http://") + l.authority()).collect(Collectors.joining(", "));
    System.out.printf("  %-12s %s%n", what + ":", where);
  }

  /** The last {@code n} lines written to the log since {@code from}. */
  static List<String> tail(Path log, long from, int n) {
    try {
      byte[] all = Files.readAllBytes(log);
      int start = (int) Math.min(from, all.length);
      String text = new String(all, start, all.length - start, java.nio.charset.StandardCharsets.UTF_8);
      List<String> lines = text.lines().toList();
      return lines.subList(Math.max(0, lines.size() - n), lines.size());
    } catch (IOException e) {
      return List.of("(cannot read " + log + ": " + e.getMessage() + ")");
    }
  }
}
