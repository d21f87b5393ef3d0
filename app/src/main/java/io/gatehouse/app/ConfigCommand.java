package io.gatehouse.app;

import io.gatehouse.app.settings.Database;
import io.gatehouse.app.settings.Settings;
import io.gatehouse.core.declarative.DeclarativeConfig;
import io.gatehouse.core.declarative.DeclarativeConfigException;
import io.gatehouse.core.declarative.DeclarativeLoader;
import io.gatehouse.core.declarative.DeclarativeParser;
import io.gatehouse.core.declarative.VaultReferences;
import io.gatehouse.core.schema.EntityProcessor;
import io.gatehouse.core.schema.SchemaRegistry;
import io.gatehouse.store.ConfigStore;
import io.gatehouse.store.postgres.PostgresConfigStore;
import io.gatehouse.store.rbac.RbacStore;
import io.gatehouse.store.sqlite.SqliteConfigStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code gatehouse config}: Kong's {@code kong config} commands plus a built-in decK (dump, diff,
 * sync) against a running node's Admin API.
 */
@Command(name = "config", description = "Declarative configuration (kong.yml): validate, import, export, dump, diff, sync.",
    subcommands = {ConfigParseCommand.class, ConfigParseCommand.Validate.class, ConfigDbImportCommand.class,
        ConfigDbExportCommand.class, ConfigDumpCommand.class, ConfigDiffCommand.class, ConfigSyncCommand.class,
        ConfigInitCommand.class})
final class ConfigCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** A file loaded as the node would load it; on error every problem is printed with its position. */
  static DeclarativeConfig load(Path file, SchemaRegistry registry, PrintWriter err) throws IOException {
    String text = Files.readString(file);
    DeclarativeLoader loader = new DeclarativeLoader(registry, new EntityProcessor(Clock.systemUTC()),
        VaultReferences.systemEnv());
    try {
      return loader.load(text, file.toString());
    } catch (DeclarativeConfigException e) {
      e.lines(file.toString(), DeclarativeParser.positions(text, file.toString())).forEach(err::println);
      throw new Failed("invalid declarative configuration in " + file);
    }
  }

  /** Whether {@code file} exists (then said on {@code err}): exports and templates never overwrite. */
  /** The node's entity store: the embedded SQLite or PostgreSQL, as {@code database} says (not off). */
  static ConfigStore entityStore(Settings settings) {
    return settings.database() == Database.POSTGRES
        ? PostgresConfigStore.open(GatehouseWiring.postgresSettings(settings))
        : SqliteConfigStore.open(settings.sqliteFile());
  }

  /** The node's workspace and RBAC tables, next to {@link #entityStore}. */
  static RbacStore rbacStore(Settings settings) {
    return settings.database() == Database.POSTGRES
        ? PostgresConfigStore.rbac(GatehouseWiring.postgresSettings(settings))
        : SqliteConfigStore.rbac(settings.sqliteFile());
  }

  static boolean exists(Path file, PrintWriter err) {
    if (Files.exists(file)) {
      err.println("Error: " + file + " already exists; refusing to overwrite it");
      return true;
    }
    return false;
  }

  /** A failure already explained on stderr; ends the command with exit status 1. */
  static final class Failed extends RuntimeException {
    Failed(String message) {
      super(message, null, false, false);
    }
  }

  /** Progress for long operations: on a terminal only, and never with {@code --quiet}. */
  static final class Progress {
    private final PrintWriter err;
    private final boolean on;

    Progress(PrintWriter err, boolean quiet) {
      this.err = err;
      this.on = !quiet && System.console() != null;
    }

    void step(String what, long done, long total) {
      if (on && (done == total || done % 50 == 0)) {
        err.print("\r" + what + " " + done + "/" + total + (done == total ? "\n" : ""));
        err.flush();
      }
    }
  }
}
