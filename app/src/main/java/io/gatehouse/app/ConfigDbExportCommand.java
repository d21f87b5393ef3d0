package io.gatehouse.app;

import io.gatehouse.app.settings.Database;
import io.gatehouse.app.settings.Settings;
import io.gatehouse.core.declarative.DeclarativeExport;
import io.gatehouse.core.schema.SchemaRegistry;
import io.gatehouse.store.ConfigStore;
import io.gatehouse.store.dbless.DblessConfigStore;
import io.gatehouse.store.sqlite.SqliteConfigStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code gatehouse config db_export [FILE]} (Kong's command): the configured store as canonical flat
 * YAML; refuses to overwrite an existing file.
 */
@Command(name = "db_export", description = "Export the database as a declarative file (default ./kong.yml).")
final class ConfigDbExportCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin CommonOptions options = new CommonOptions();

  @Parameters(paramLabel = "FILE", defaultValue = "kong.yml", arity = "0..1")
  Path file;

  @Override
  public Integer call() throws Exception {
    if (ConfigCommand.exists(file, spec.commandLine().getErr())) {
      return 1;
    }
    Settings settings = options.load();
    SchemaRegistry registry = GatehouseWiring.registry();
    try (ConfigStore store = settings.database() == Database.OFF
        ? DblessConfigStore.open(settings.prefix().resolve("dbless.db"), Clock.systemUTC())
        : SqliteConfigStore.open(settings.sqliteFile())) {
      registry.all().forEach(s -> store.register(s.table()));
      Files.writeString(file, DeclarativeExport.yaml(registry, store.snapshot().tables()));
    }
    return 0;
  }
}
