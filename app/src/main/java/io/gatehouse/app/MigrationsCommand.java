package io.gatehouse.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.app.settings.Database;
import io.gatehouse.app.settings.Settings;
import io.gatehouse.core.json.Json;
import io.gatehouse.store.SchemaMigrations;
import io.gatehouse.store.postgres.PostgresConfigStore;
import io.gatehouse.store.sqlite.SqliteConfigStore;
import java.io.Console;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Kong's {@code migrations bootstrap|up|finish|list|reset|status} (Kong 3.9 cmd/migrations.lua) over
 * the Flyway migrations of the embedded or PostgreSQL store, with Kong's messages and exit codes
 * ({@code list}: 3 = needs bootstrap, 5 = new migrations). Gatehouse's migrations have no separate
 * "finish" step, so {@code finish} only reports.
 */
@Command(name = "migrations", mixinStandardHelpOptions = true,
    description = "Manage database schema migrations: bootstrap, up, finish, list, reset, status.")
final class MigrationsCommand implements Callable<Integer> {
  static final String NEEDS_BOOTSTRAP = "Database needs bootstrapping or is older than Kong 1.0.\n\n"
      + "To start a new installation from scratch, run 'kong migrations bootstrap'.\n";

  @Mixin CommonOptions options = new CommonOptions();

  @Parameters(index = "0", paramLabel = "COMMAND", description = "bootstrap, up, finish, list, reset or status")
  String command;

  @Option(names = {"-y", "--yes"}, description = "Assume \"yes\" to prompts and run non-interactively.")
  boolean yes;

  @Option(names = {"-q", "--quiet"}, description = "Suppress all output.")
  boolean quiet;

  @Option(names = {"-f", "--force"}, description = "bootstrap: reset the database first.")
  boolean force;

  @Option(names = "--db-timeout", paramLabel = "SECONDS", description = "Accepted for Kong compatibility (pg_timeout applies).")
  Double dbTimeout;

  @Option(names = "--lock-timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "Accepted for Kong compatibility: Flyway serializes concurrent migrations itself.")
  int lockTimeout;

  @Override
  public Integer call() {
    Settings settings = options.load();
    if (!List.of("bootstrap", "up", "finish", "list", "reset", "status").contains(command)) {
      System.err.println("Error: unknown migrations command '" + command + "' (bootstrap, up, finish, list, reset, status)");
      return 1;
    }
    if (settings.database() == Database.OFF) {
      System.err.println("Error: migrations need a database (database = off here)");
      return 1;
    }
    try (SchemaMigrations m = settings.database() == Database.SQLITE
        ? SqliteConfigStore.migrations(settings.sqliteFile())
        : PostgresConfigStore.migrations(GatehouseWiring.postgresSettings(settings))) {
      return run(m);
    }
  }

  private int run(SchemaMigrations m) {
    SchemaMigrations.State state = m.state();
    switch (command) {
      case "list" -> {
        if (state.needsBootstrap()) {
          log(NEEDS_BOOTSTRAP);
          return 3;
        }
        log("Executed migrations:\n" + "gatehouse: " + String.join(", ", state.executed()));
        if (!state.pending().isEmpty()) {
          log("\nNew migrations available:\ngatehouse: " + String.join(", ", state.pending()));
          log("\nRun 'kong migrations up' to proceed");
          return 5;
        }
        return 0;
      }
      case "status" -> {
        System.out.println(Json.write(status(state)));
        return 0;
      }
      case "bootstrap" -> {
        if (force) {
          m.reset();
          state = m.state();
        }
        if (!state.needsBootstrap()) {
          log("Database already bootstrapped");
          return 0;
        }
        log("Bootstrapping database...");
        m.migrate();
        log("Database is up-to-date");
        return 0;
      }
      case "up" -> {
        if (state.needsBootstrap()) {
          System.err.println("Error: Cannot run migrations: " + NEEDS_BOOTSTRAP);
          return 1;
        }
        if (state.pending().isEmpty()) {
          log("Database is already up-to-date");
          return 0;
        }
        log(m.migrate() + " migrations processed");
        log("Database is up-to-date");
        return 0;
      }
      case "finish" -> {
        if (state.needsBootstrap()) {
          System.err.println("Error: Cannot run migrations: " + NEEDS_BOOTSTRAP);
          return 1;
        }
        if (!state.pending().isEmpty()) {
          log("New migrations available; run 'kong migrations up' to proceed");
          return 0;
        }
        log("No pending migrations to finish");
        return 0;
      }
      default -> {
        return reset(m, state);
      }
    }
  }

  private int reset(SchemaMigrations m, SchemaMigrations.State state) {
    if (!yes) {
      Console console = System.console();
      if (console == null) {
        System.err.println("Error: not a tty: invoke 'reset' non-interactively with the --yes flag");
        return 1;
      }
      String answer = console.readLine("> Are you sure? This operation is irreversible. [y/n] ");
      if (answer == null || !answer.trim().toLowerCase(java.util.Locale.ROOT).startsWith("y")) {
        log("cancelled");
        return 0;
      }
    }
    if (state.needsBootstrap()) {
      log("Database not bootstrapped, nothing to reset");
      return 1;
    }
    log("Resetting database...");
    m.reset();
    log("Database successfully reset");
    return 0;
  }

  /** Kong's schema_state as JSON: needs_bootstrap and the migration lists by namespace. */
  private static ObjectNode status(SchemaMigrations.State state) {
    ObjectNode out = Json.object().put("needs_bootstrap", state.needsBootstrap());
    if (!state.executed().isEmpty()) {
      out.set("executed_migrations", namespace(state.executed()));
    }
    if (!state.pending().isEmpty()) {
      out.set("new_migrations", namespace(state.pending()));
    }
    return out;
  }

  private static ArrayNode namespace(List<String> names) {
    ArrayNode migrations = Json.array();
    names.forEach(migrations::add);
    return Json.array().add(Json.object().put("namespace", "gatehouse").put("name", "gatehouse").set("migrations", migrations));
  }

  private void log(String line) {
    if (!quiet) {
      System.out.println(line);
    }
  }
}
