package io.gatehouse.app;

import io.gatehouse.app.settings.SettingsException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** The {@code gatehouse} command: {@code start}, {@code stop}, {@code run}, {@code health}, {@code version}. */
@Command(name = "gatehouse", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
    description = "Gatehouse: an API gateway, a drop-in for Kong Gateway 3.x.",
    subcommands = {StartCommand.class, StopCommand.class, RunCommand.class, HealthCommand.class,
        VersionCommand.class, ConfigCommand.class, MigrationsCommand.class, CheckCommand.class, PrepareCommand.class,
        QuitCommand.class, ReloadCommand.class, RestartCommand.class, VaultCommand.class, DrainCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit status: 0 success, 1 failure, 2 usage error. */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  static CommandLine commandLine() {
    return new CommandLine(new Main()).setExecutionExceptionHandler((e, cmd, parseResult) -> {
      if (e instanceof ConfigCommand.Failed) {
        cmd.getErr().println("Error: " + e.getMessage());
        return 1;
      }
      if (e instanceof SettingsException se) {
        cmd.getErr().println("Error: invalid configuration:");
        se.errors().forEach(line -> cmd.getErr().println("  " + line));
      } else {
        cmd.getErr().println("Error: " + e.getMessage());
      }
      if (cmd.getParseResult() != null && cmd.getParseResult().hasMatchedOption("--verbose")) {
        e.printStackTrace(cmd.getErr());
      }
      return 1;
    });
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"Gatehouse " + Version.current()};
    }
  }
}
