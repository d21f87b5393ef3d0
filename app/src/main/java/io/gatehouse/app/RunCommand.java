package io.gatehouse.app;

import io.gatehouse.app.settings.Settings;
import io.gatehouse.proxy.ProxyServer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code gatehouse run}: the node in the foreground, until SIGTERM or SIGINT. */
@Command(name = "run", description = "Run Gatehouse in the foreground (containers, systemd); logs go to the console.")
final class RunCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(RunCommand.class);
  private static final Duration QUIT_GRACE = Duration.ofSeconds(10);

  @Mixin CommonOptions options = new CommonOptions();

  @Override
  public Integer call() throws Exception {
    Settings settings = options.load();
    Logging.apply(settings.logLevel(), options.verbose);
    settings.warnings().forEach(log::warn);
    if (settings.confFile() != null) {
      log.info("configuration file: {}", settings.confFile());
    }

    PidFile pidFile = new PidFile(settings.pidFile());
    long pid = ProcessHandle.current().pid();
    Optional<ProcessHandle> running = pidFile.liveProcess();
    if (running.isPresent() && running.get().pid() != pid) {
      System.err.println("Error: gatehouse is already running in " + settings.prefix() + " (pid " + running.get().pid() + ")");
      return 1;
    }
    // written before the components start, so `gatehouse stop` can stop a node that is still starting
    pidFile.write(pid);
    Node node;
    try {
      node = Node.start(settings);
    } catch (Exception e) {
      pidFile.deleteIfOwnedBy(pid);
      // the trace first (for -v / debug), the reason last so it ends the log a user reads
      log.debug("start failure", e);
      log.error("gatehouse failed to start: {}", e.getMessage());
      return 1;
    }
    AtomicBoolean quitting = new AtomicBoolean();
    node.addReadinessCheck(() -> !quitting.get()); // load balancers see a quitting node as not ready at once
    node.component(NodeReload.class).ifPresent(ReloadSignal::install);
    Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("gatehouse-shutdown").unstarted(() -> {
      log.info("shutting down");
      quitting.set(true);
      quitGracefully(node);
      node.close();
      pidFile.deleteIfOwnedBy(pid);
    }));
    node.awaitShutdown();
    return 0;
  }

  /**
   * nginx's graceful quit, before the components stop: the proxy stops accepting and lets requests
   * in flight finish within {@code nginx_main_worker_shutdown_timeout} (10 s when unset).
   */
  private static void quitGracefully(Node node) {
    Settings current = node.component(NodeReload.class).map(NodeReload::current).orElse(node.settings());
    Duration grace = Optional.ofNullable(current.duration("nginx_main_worker_shutdown_timeout")).orElse(QUIT_GRACE);
    node.component(ProxyServer.class).ifPresent(proxy -> {
      if (proxy.quit(grace)) {
        log.info("requests in flight finished");
      }
    });
  }
}
