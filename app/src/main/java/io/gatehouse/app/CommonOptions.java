package io.gatehouse.app;

import io.gatehouse.app.settings.Settings;
import io.gatehouse.app.settings.SettingsLoader;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Options every command takes. */
final class CommonOptions {
  @Option(names = {"-c", "--conf"}, paramLabel = "FILE",
      description = "Configuration file (kong.conf syntax). Default: the first of"
          + " /etc/gatehouse/gatehouse.conf, /etc/kong/kong.conf, /etc/kong.conf that exists.")
  @Nullable Path conf;

  @Option(names = {"-p", "--prefix"}, paramLabel = "DIR",
      description = "Prefix directory (database, pid file, logs). Overrides the prefix setting."
          + " Default: $XDG_DATA_HOME/gatehouse or ~/.local/share/gatehouse.")
  @Nullable Path prefix;

  @Option(names = {"-v", "--verbose"}, description = "Verbose output: debug logging and stack traces.")
  boolean verbose;

  /** Settings from the command line, environment, file and defaults. */
  Settings load() {
    Map<String, String> cli = prefix == null ? Map.of() : Map.of("prefix", prefix.toString());
    return SettingsLoader.system().load(conf == null ? null : conf.toAbsolutePath(), cli);
  }
}
