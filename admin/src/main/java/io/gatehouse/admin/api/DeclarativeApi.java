package io.gatehouse.admin.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.admin.http.AdminRequest;
import io.gatehouse.admin.http.AdminResponse;
import io.gatehouse.admin.http.RouteTable;
import io.gatehouse.admin.http.WorkspaceRef;
import io.gatehouse.core.declarative.ConfigDiff;
import io.gatehouse.core.declarative.DeclarativeConfig;
import io.gatehouse.core.declarative.DeclarativeConfigException;
import io.gatehouse.core.declarative.DeclarativeExport;
import io.gatehouse.core.declarative.DeclarativeLoader;
import io.gatehouse.core.declarative.LiveIds;
import io.gatehouse.core.entity.EntityWorkspace;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.SchemaRegistry;
import io.gatehouse.store.ConfigStore;
import io.gatehouse.store.DeclarativeStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Gatehouse's own {@code /declarative} (Kong's {@code /config} is DB-less only and stays so): one
 * workspace's configuration as a declarative file, on every kind of node.
 * <ul>
 *   <li>{@code GET /{ws}/declarative} — {@code {"config": yaml}} in kong.yml/decK's format
 *       ({@code _format_version} 3.0, {@code _workspace} outside default); {@code ?format=json}
 *       answers the file itself as JSON.
 *   <li>{@code POST /{ws}/declarative?dry_run=true} — what importing the body would change:
 *       {@code created}, {@code updated} (with the changed fields), {@code deleted}, each entity as
 *       {@code {table, id, name}}.
 *   <li>{@code POST /{ws}/declarative} — makes the workspace exactly the body, in one store
 *       transaction with its {@code _gatehouse_products} and what the portal writes for them: a file
 *       that does not load, or a write the store or the portal refuses, changes nothing.
 * </ul>
 * The body is read and validated as {@code POST /config}'s (same loader, same errors, same
 * {@code flatten_errors}); entities named without ids keep the ids the workspace has for them.
 */
public final class DeclarativeApi {
  /** The endpoint's template (RBAC asks create, update and delete of an import). */
  public static final String PATH = "/declarative";

  private final ConfigStore store;
  private final SchemaRegistry registry;
  private final DeclarativeLoader loader;
  private final @Nullable DeclarativeProducts products;

  public DeclarativeApi(ConfigStore store, SchemaRegistry registry, DeclarativeLoader loader) {
    this(store, registry, loader, null);
  }

  /** With the portal's products in the file ({@code products} null: the portal is off). */
  public DeclarativeApi(ConfigStore store, SchemaRegistry registry, DeclarativeLoader loader,
      @Nullable DeclarativeProducts products) {
    this.store = store;
    this.registry = registry;
    this.loader = loader;
    this.products = products;
  }

  public void register(RouteTable routes) {
    routes.add(PATH, "GET", (req, p) -> export(req, WorkspaceRef.of(p)))
        .add(PATH, "POST", (req, p) -> importFile(req, WorkspaceRef.of(p)))
        .scopeInWorkspaces(PATH::equals);
  }

  private AdminResponse export(AdminRequest req, WorkspaceRef ws) {
    Map<String, List<ObjectNode>> live = live(ws);
    ObjectNode tree = DeclarativeExport.tree(registry, live);
    if (products != null) {
      products.exportInto(tree, ws, live);
    }
    if (!ws.isDefault()) {
      ObjectNode named = Json.object().put("_format_version", tree.get("_format_version").asText())
          .put("_workspace", ws.name());
      named.setAll(tree);
      tree = named;
    }
    if ("json".equals(req.queryParam("format"))) {
      return AdminResponse.json(200, tree);
    }
    return AdminResponse.json(200, Json.object().put("config", DeclarativeExport.yaml(tree)));
  }

  private AdminResponse importFile(AdminRequest req, WorkspaceRef ws) {
    boolean dryRun = ConfigApi.truthy(req.queryParam("dry_run"));
    DeclarativeConfig config;
    try {
      ObjectNode root = ConfigApi.body(req);
      if (root == null) {
        return AdminResponse.message(400, "expected a declarative configuration");
      }
      config = loader.load(root);
    } catch (DeclarativeConfigException e) {
      return AdminResponse.error(e.toKong(ConfigApi.truthy(req.queryParam("flatten_errors"))));
    }
    if (!config.workspace().equals(ws.name())) {
      return AdminResponse.error(KongException.invalidDeclarativeConfig(Json.object().put("_workspace",
          "the file is for workspace '" + config.workspace() + "' but was sent to '" + ws.name() + "'"), null));
    }
    Map<String, List<ObjectNode>> have = live(ws);
    Map<String, List<ObjectNode>> want = LiveIds.adopt(registry, config.tables(), have, config.workspace());
    ConfigDiff diff = ConfigDiff.between(registry, want, have, null);
    DeclarativeProducts.Changes productChanges;
    try {
      productChanges = productChanges(ws, config, want);
    } catch (KongException e) {
      return AdminResponse.error(e);
    }
    if (!dryRun && (!diff.isEmpty() || productChanges != null)) {
      apply(ws, diff, have, want, config.hash(), productChanges);
    }
    ObjectNode out = diff.toJson();
    if (productChanges != null) {
      out.set(DeclarativeConfig.PRODUCTS, productChanges.summary());
    }
    out.put("dry_run", dryRun);
    return AdminResponse.json(200, out);
  }

  /**
   * The file's products, checked before anything is written; null when the file has no section
   * (a decK file cannot have one: products are then left alone).
   */
  private DeclarativeProducts.@Nullable Changes productChanges(WorkspaceRef ws, DeclarativeConfig config,
      Map<String, List<ObjectNode>> want) {
    if (config.products() == null) {
      return null;
    }
    if (products == null) {
      throw KongException.invalidDeclarativeConfig(Json.object().put(DeclarativeConfig.PRODUCTS,
          "the portal is off on this node (portal = on keeps API products)"), null);
    }
    return products.plan(ws, config.products(), want);
  }

  /**
   * The changes in one transaction: upserts parents first, then deletions children first, then the
   * file's products (with the entities the portal writes for them).
   */
  private void apply(WorkspaceRef ws, ConfigDiff diff, Map<String, List<ObjectNode>> have,
      Map<String, List<ObjectNode>> want, String hash, DeclarativeProducts.@Nullable Changes productChanges) {
    if (store instanceof DeclarativeStore dbless) {
      dbless.replaceAll(want, hash); // DB-less: one workspace, replaced whole (as POST /config); no portal
      return;
    }
    Map<String, ObjectNode> liveById = new LinkedHashMap<>();
    have.values().forEach(rows -> rows.forEach(e -> liveById.put(e.path("id").asText(), e)));
    store.transaction(tx -> {
      for (ConfigDiff.Change c : diff.changes()) {
        String table = c.schema().name();
        if (c.kind() == ConfigDiff.Kind.DELETE) {
          tx.delete(table, c.id());
          continue;
        }
        if (c.kind() == ConfigDiff.Kind.CREATE && tx.get(table, c.id()).isPresent()) {
          throw KongException.primaryKeyViolation(c.id()); // the id is another workspace's entity
        }
        ObjectNode e = c.entity().deepCopy();
        ObjectNode before = liveById.get(c.id());
        if (before != null && before.has("created_at")) {
          e.set("created_at", before.get("created_at")); // an update keeps the entity's creation time
        }
        tx.upsert(table, EntityWorkspace.stamp(e, ws.id()));
      }
      if (productChanges != null) {
        productChanges.apply(tx);
      }
      return null;
    });
  }

  /** The workspace's rows per table, without {@code ws_id} (as the Admin API shows them). */
  private Map<String, List<ObjectNode>> live(WorkspaceRef ws) {
    Map<String, List<ObjectNode>> out = new LinkedHashMap<>();
    store.snapshot().tables().forEach((table, rows) -> {
      List<ObjectNode> mine = new ArrayList<>();
      for (ObjectNode e : rows) {
        if (EntityWorkspace.of(e).equals(ws.id())) {
          ObjectNode copy = e.deepCopy();
          copy.remove(EntityWorkspace.FIELD);
          mine.add(copy);
        }
      }
      out.put(table, mine);
    });
    return out;
  }
}
