package io.gatehouse.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.declarative.DeclarativeConfig;
import io.gatehouse.core.entity.EntityWorkspace;
import io.gatehouse.store.rbac.RbacStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

import io.gatehouse.app.settings.Database;
import io.gatehouse.app.settings.Settings;
import io.gatehouse.core.declarative.DeclarativeExport;
import io.gatehouse.core.schema.SchemaRegistry;
import io.gatehouse.store.ConfigStore;
import io.gatehouse.store.dbless.DblessConfigStore;
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
 * YAML, one workspace (default unless {@code --workspace}); refuses to overwrite an existing file.
 */
@Command(name = "db_export", description = "Export the database as a declarative file (default ./kong.yml).")
final class ConfigDbExportCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin CommonOptions options = new CommonOptions();

  @Parameters(paramLabel = "FILE", defaultValue = "kong.yml", arity = "0..1")
  Path file;

  @CommandLine.Option(names = "--workspace", paramLabel = "NAME",
      description = "Export this workspace (with _workspace: NAME); default: the default workspace.")
  @Nullable String workspace;

  /** The rows of one workspace. */
  static Map<String, List<ObjectNode>> inWorkspace(Map<String, List<ObjectNode>> tables, String wsId) {
    Map<String, List<ObjectNode>> out = new LinkedHashMap<>();
    tables.forEach((t, rows) -> out.put(t, rows.stream().filter(e -> EntityWorkspace.of(e).equals(wsId)).toList()));
    return out;
  }

  @Override
  public Integer call() throws Exception {
    if (ConfigCommand.exists(file, spec.commandLine().getErr())) {
      return 1;
    }
    Settings settings = options.load();
    SchemaRegistry registry = GatehouseWiring.registry(settings);
    try (ConfigStore store = settings.database() == Database.OFF
        ? DblessConfigStore.open(settings.prefix().resolve("dbless.db"), Clock.systemUTC())
        : ConfigCommand.entityStore(settings)) {
      registry.all().forEach(s -> store.register(s.table()));
      String wsId = EntityWorkspace.DEFAULT_ID;
      if (workspace != null && !workspace.equals(DeclarativeConfig.DEFAULT_WORKSPACE)) {
        if (settings.database() == Database.OFF) {
          spec.commandLine().getErr().println("Error: a DB-less node has the default workspace only");
          return 1;
        }
        try (RbacStore rbac = ConfigCommand.rbacStore(settings)) {
          var found = rbac.workspaces().find(workspace).filter(w -> w.name().equals(workspace));
          if (found.isEmpty()) {
            spec.commandLine().getErr().println("Error: no workspace named '" + workspace + "'");
            return 1;
          }
          wsId = found.get().id();
        }
      }
      Map<String, List<ObjectNode>> tables = inWorkspace(store.snapshot().tables(), wsId);
      ObjectNode tree = DeclarativeExport.tree(registry, tables);
      try (CommandProducts portal = CommandProducts.open(settings, store, registry)) {
        if (portal != null) { // the portal's API products, as GET /declarative exports them (issue 20)
          portal.products.exportInto(tree, new io.gatehouse.admin.http.WorkspaceRef(wsId,
              workspace == null ? DeclarativeConfig.DEFAULT_WORKSPACE : workspace), tables);
        }
      }
      if (!wsId.equals(EntityWorkspace.DEFAULT_ID)) {
        tree.put("_workspace", workspace); // decK's key: importing the file puts it back there
      }
      Files.writeString(file, DeclarativeExport.yaml(tree));
    }
    return 0;
  }
}
