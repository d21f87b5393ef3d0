package io.gatehouse.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.admin.api.DeclarativeProducts;
import io.gatehouse.admin.http.WorkspaceRef;
import io.gatehouse.admin.workspaces.WorkspacesApi;
import io.gatehouse.app.settings.Database;
import io.gatehouse.app.settings.Settings;
import io.gatehouse.core.declarative.DeclarativeConfig;
import io.gatehouse.core.entity.EntityWorkspace;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.SchemaRegistry;
import io.gatehouse.store.ConfigStore;
import io.gatehouse.store.StoreTransaction;
import io.gatehouse.store.rbac.RbacStore;
import io.gatehouse.store.rbac.Workspace;
import io.gatehouse.store.rbac.WorkspaceRows;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code gatehouse config db_import FILE} (Kong's command): upserts every entity of the file into
 * the configured database (SQLite or PostgreSQL) in one transaction, parents first, with the file's
 * {@code _gatehouse_products} and what the portal writes for them; never deletes anything. A file with {@code _workspace: NAME} goes to that workspace, created when missing;
 * without it, to default. Ids the file leaves out are derived per workspace, so one file imported
 * into two workspaces gives two sets of entities; an id the file gives that belongs to another
 * workspace's entity, or any other write the store refuses, fails the whole import (nothing
 * written, a workspace made for it removed again) and names the entity.
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
    try (ConfigStore store = ConfigCommand.entityStore(settings); RbacStore rbac = ConfigCommand.rbacStore(settings)) {
      WorkspaceRows workspaces = rbac.workspaces();
      boolean created = workspaces.find(config.workspace()).filter(w -> w.name().equals(config.workspace())).isEmpty();
      String wsId = workspace(workspaces, config.workspace(), err);
      if (wsId == null) {
        return 1;
      }
      registry.all().forEach(s -> store.register(s.table()));
      Map<String, String> names = new HashMap<>(); // read before the write transaction, to name an owner
      workspaces.list().forEach(w -> names.put(w.id(), w.name()));
      CommandProducts portal = config.products() == null ? null : CommandProducts.open(settings, store, registry);
      DeclarativeProducts.Changes products;
      try {
        products = products(config, portal, new WorkspaceRef(wsId, config.workspace()));
      } catch (KongException e) {
        if (portal != null) portal.close();
        if (created) workspaces.delete(wsId);
        err.println("Error: " + Json.write(e.toJson()) + "; nothing was imported");
        return 1;
      }
      try (portal) {
        store.transaction(tx -> {
          long done = 0;
          for (Map.Entry<String, List<ObjectNode>> t : config.tables().entrySet()) {
            for (ObjectNode e : t.getValue()) {
              write(tx, names, t.getKey(), EntityWorkspace.stamp(e.deepCopy(), wsId));
              progress.step("importing", ++done, config.size());
            }
          }
          if (products != null) { // once the entities are in: the guards' plugins point at them
            apply(tx, products);
          }
          return null;
        });
      } catch (ConfigCommand.Failed f) {
        if (created) {
          workspaces.delete(wsId); // the import made it and wrote nothing into it
        }
        throw f;
      }
    }
    if (!quiet) {
      out.println("import successful: " + config.size() + " entities"
          + (config.inDefaultWorkspace() ? "" : " into workspace " + config.workspace()));
    }
    return 0;
  }

  /**
   * The file's {@code _gatehouse_products}, checked before anything is written (null: the file has
   * none); created or updated, never deleted, as the import never deletes entities.
   */
  private static DeclarativeProducts.@Nullable Changes products(DeclarativeConfig config,
      @Nullable CommandProducts portal, WorkspaceRef ws) {
    if (config.products() == null) {
      return null;
    }
    if (portal == null) {
      throw KongException.invalidDeclarativeConfig(Json.object().put(DeclarativeConfig.PRODUCTS,
          "the portal is off (portal = on keeps API products)"), null);
    }
    return portal.products.plan(ws, config.products(), config.tables(), false);
  }

  /** Writes the file's products in the import's transaction; a refusal fails it (nothing of the file is kept). */
  private static void apply(StoreTransaction tx, DeclarativeProducts.Changes products) {
    try {
      products.apply(tx);
    } catch (KongException k) {
      throw new ConfigCommand.Failed(DeclarativeConfig.PRODUCTS + ": " + Json.write(k.toJson()) + "; nothing was imported");
    }
  }

  /** Upserts one entity; a refusal names it (the transaction then rolls every write back). */
  private static void write(StoreTransaction tx, Map<String, String> workspaceNames, String table, ObjectNode e) {
    String id = e.path("id").asText();
    String owner = tx.get(table, id).map(EntityWorkspace::of).orElse(null);
    if (owner != null && !owner.equals(EntityWorkspace.of(e))) {
      // ids are global and a row never changes workspace (the store refuses it as code 3 too)
      String name = workspaceNames.getOrDefault(owner, owner);
      throw new ConfigCommand.Failed(label(table, e) + ": the id belongs to an entity of workspace '" + name
          + "' (ids are global; leave the id out or give another one); nothing was imported");
    }
    try {
      tx.upsert(table, e);
    } catch (KongException k) {
      throw new ConfigCommand.Failed(label(table, e) + ": " + k.getMessage() + "; nothing was imported");
    }
  }

  /** {@code services 'billing' (id …)}: the table, its endpoint key when the entity has one, the id. */
  private static String label(String table, ObjectNode e) {
    String name = e.path("name").isTextual() ? e.get("name").asText()
        : e.path("username").isTextual() ? e.get("username").asText() : null;
    return table + (name == null ? "" : " '" + name + "'") + " (id " + e.path("id").asText() + ")";
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
