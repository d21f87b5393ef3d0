package io.gatehouse.app;

import io.gatehouse.app.settings.Settings;
import io.gatehouse.app.settings.SettingsLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Kong's {@code check <conf>}: validates a configuration file and says so (Kong 3.9 cmd/check.lua). */
@Command(name = "check", mixinStandardHelpOptions = true, description = "Check the validity of a configuration file.")
final class CheckCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CONF", description = "The configuration file to check.")
  Path conf;

  @Override
  public Integer call() {
    Path file = conf.toAbsolutePath();
    if (!Files.isRegularFile(file)) {
      System.err.println("Error: no file at: " + file);
      return 1;
    }
    Settings settings = SettingsLoader.system().load(file, Map.of()); // invalid: SettingsException, exit 1
    settings.warnings().forEach(w -> System.err.println("warning: " + w));
    System.out.println("configuration at " + file + " is valid");
    return 0;
  }
}
