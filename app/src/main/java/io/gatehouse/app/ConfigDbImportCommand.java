package io.gatehouse.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.app.settings.Database;
import io.gatehouse.app.settings.Settings;
import io.gatehouse.core.declarative.DeclarativeConfig;
import io.gatehouse.core.schema.SchemaRegistry;
import io.gatehouse.admin.workspaces.WorkspacesApi;
import io.gatehouse.core.entity.EntityWorkspace;
import io.gatehouse.store.ConfigStore;
import io.gatehouse.store.rbac.RbacStore;
import io.gatehouse.store.rbac.Workspace;
import io.gatehouse.store.rbac.WorkspaceRows;
import io.gatehouse.store.sqlite.SqliteConfigStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code gatehouse config db_import FILE} (Kong's command): upserts every entity of the file into
 * the configured database in one transaction, parents first; never deletes anything. A file with
 * {@code _workspace: NAME} goes to that workspace, created when missing; without it, to default.
 */
@Command(name = "db_import", description = "Import a declarative file into the database (upsert; nothing is deleted).")
final class ConfigDbImportCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin CommonOptions options = new CommonOptions();

  @Parameters(paramLabel = "FILE")
  Path file;

  @CommandLine.Option(names = {"-q", "--quiet"}, description = "No progress or messages on success.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    Settings settings = options.load();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (settings.database() == Database.OFF) {
      err.println("Error: 'gatehouse config db_import' only works with a database; with database = off, load the file"
          + " with declarative_config or POST /config");
      return 1;
    }
    SchemaRegistry registry = GatehouseWiring.registry(settings);
    DeclarativeConfig config = ConfigCommand.load(file, registry, err);
    if (!quiet) {
      out.println("parse successful, beginning import");
    }
    ConfigCommand.Progress progress = new ConfigCommand.Progress(err, quiet);
    try (ConfigStore store = SqliteConfigStore.open(settings.sqliteFile())) {
      String wsId;
      try (RbacStore rbac = SqliteConfigStore.rbac(settings.sqliteFile())) {
        wsId = workspace(rbac.workspaces(), config.workspace(), err);
      }
      if (wsId == null) {
        return 1;
      }
      registry.all().forEach(s -> store.register(s.table()));
      store.transaction(tx -> {
        long done = 0;
        for (Map.Entry<String, List<ObjectNode>> t : config.tables().entrySet()) {
          for (ObjectNode e : t.getValue()) {
            tx.upsert(t.getKey(), EntityWorkspace.stamp(e.deepCopy(), wsId));
            progress.step("importing", ++done, config.size());
          }
        }
        return null;
      });
    }
    if (!quiet) {
      out.println("import successful: " + config.size() + " entities"
          + (config.inDefaultWorkspace() ? "" : " into workspace " + config.workspace()));
    }
    return 0;
  }

  /** The id of the file's workspace ({@code _workspace}), created when missing; null after an error. */
  private static @Nullable String workspace(WorkspaceRows workspaces, String name, PrintWriter err) {
    var found = workspaces.find(name).filter(w -> w.name().equals(name));
    if (found.isPresent()) {
      return found.get().id();
    }
    String problem = WorkspacesApi.nameError(name);
    if (problem != null) {
      err.println("Error: _workspace: " + problem);
      return null;
    }
    long now = System.currentTimeMillis() / 1000;
    return workspaces.insert(new Workspace(UUID.randomUUID().toString(), name, null, "{}", "{}", now, now)).id();
  }
}
