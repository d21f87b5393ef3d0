package io.gatehouse.app;

import io.gatehouse.app.settings.Settings;
import io.gatehouse.app.settings.SettingsException;
import io.gatehouse.app.settings.SettingsLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running node's side of {@code gatehouse reload} (nginx's SIGHUP): on the signal it reads the
 * request in the prefix, loads the settings again from the file named there (else the one the node
 * runs with) and this process's environment, hands them to {@link NodeReload}, and writes the
 * answer. A plain {@code kill -HUP} reloads the same way.
 */
final class ReloadSignal {
  private static final Logger LOG = LoggerFactory.getLogger(ReloadSignal.class);

  private ReloadSignal() {}

  /** Installs the SIGHUP handler of this process (only {@code gatehouse run} does: the signal is the process's). */
  // sun.misc.Signal (module jdk.unsupported): the JDK's only way to take a signal such as SIGHUP
  static void install(NodeReload reload) {
    sun.misc.Signal.handle(new sun.misc.Signal("HUP"),
        signal -> Thread.ofPlatform().name("gatehouse-reload").start(() -> answer(reload)));
  }

  /** Reloads as the pending request asks and writes the answer; never throws. */
  static void answer(NodeReload reload) {
    Path prefix = reload.current().prefix();
    ReloadFiles.Request request;
    try {
      request = ReloadFiles.readRequest(prefix);
    } catch (RuntimeException e) {
      LOG.error("reload: {}", e.getMessage());
      return;
    }
    ReloadFiles.Result result;
    try {
      Path conf = request.conf() != null ? request.conf() : reload.current().confFile();
      Settings next = SettingsLoader.system().load(conf, Map.of("prefix", prefix.toString()));
      next.warnings().forEach(LOG::warn);
      List<String> restart = reload.reload(next);
      result = new ReloadFiles.Result(request.id(), true, "reloaded", restart);
    } catch (SettingsException e) {
      LOG.error("reload refused, the node keeps its settings: invalid configuration: {}", e.errors());
      result = new ReloadFiles.Result(request.id(), false, "invalid configuration: " + String.join("; ", e.errors()), List.of());
    } catch (RuntimeException e) {
      LOG.error("reload refused, the node keeps its settings: {}", e.getMessage(), e);
      result = new ReloadFiles.Result(request.id(), false, String.valueOf(e.getMessage()), List.of());
    }
    try {
      ReloadFiles.writeResult(prefix, result);
    } catch (RuntimeException e) {
      LOG.error("reload: {}", e.getMessage());
    }
  }
}
