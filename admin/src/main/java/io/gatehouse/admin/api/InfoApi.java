package io.gatehouse.admin.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.admin.NodeInfo;
import io.gatehouse.admin.http.AdminRequest;
import io.gatehouse.admin.http.AdminResponse;
import io.gatehouse.admin.http.RouteTable;
import io.gatehouse.admin.http.WorkspaceRef;
import io.gatehouse.core.Version;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.EntityProcessor;
import io.gatehouse.core.schema.Field;
import io.gatehouse.core.schema.PluginCatalog;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.core.schema.SchemaRegistry;
import io.gatehouse.store.ConfigStore;
import io.gatehouse.store.Page;
import io.gatehouse.store.PageQuery;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** The fixed endpoints: {@code /}, {@code /status}, {@code /endpoints}, schemas, enabled plugins, tags. */
public final class InfoApi {
  private final ConfigStore store;
  private final SchemaRegistry registry;
  private final EntityProcessor processor;
  private final NodeInfo node;
  private final io.gatehouse.admin.NodeStatus status;

  public InfoApi(ConfigStore store, SchemaRegistry registry, EntityProcessor processor, NodeInfo node) {
    this.store = store;
    this.registry = registry;
    this.processor = processor;
    this.node = node;
    this.status = new io.gatehouse.admin.NodeStatus(store, node);
  }

  public void register(RouteTable routes) {
    routes.add("/", "GET", (req, p) -> root())
        .add("/status", "GET", (req, p) -> status())
        .add("/endpoints", "GET", (req, p) -> endpoints(routes))
        .add("/schemas/{name}", "GET", (req, p) -> schema(p.get("name")))
        .add("/schemas/{name}/validate", "POST", (req, p) -> validate(req, p.get("name")))
        .add("/schemas/plugins/{name}", "GET", (req, p) -> pluginSchema(p.get("name")))
        .add("/schemas/plugins/validate", "POST", (req, p) -> validatePlugin(req))
        .add("/schemas/vaults/{name}", "GET", (req, p) -> vaultSchema(p.get("name")))
        .add("/schemas/vaults/validate", "POST", (req, p) -> validate(req, "vaults"))
        .add("/plugins/schema/{name}", "GET", (req, p) -> pluginConfigSchema(p.get("name")))
        .add("/plugins/enabled", "GET", (req, p) -> enabledPlugins())
        .add("/tags", "GET", (req, p) -> tags(req, WorkspaceRef.of(p), null))
        .add("/tags/{tag}", "GET", (req, p) -> tags(req, WorkspaceRef.of(p), p.get("tag")));
  }

  AdminResponse root() {
    ObjectNode body = Json.object();
    body.put("tagline", "Welcome to kong");
    body.put("version", Version.KONG_COMPAT);
    body.put("edition", "community");
    body.put("product", "gatehouse");
    body.put("gatehouse_version", Version.GATEHOUSE);
    body.put("hostname", node.hostname());
    body.put("node_id", node.nodeId());
    body.put("lua_version", "none (Java " + Runtime.version().feature() + ")");
    body.set("timers", Json.object().put("running", 0).put("pending", 0));
    ObjectNode available = Json.object();
    for (PluginCatalog.Entry e : registry.plugins().entries()) {
      available.set(e.name(), Json.object().put("version", e.version()).put("priority", e.priority()));
    }
    body.set("plugins", Json.object().<ObjectNode>set("available_on_server", available)
        .set("enabled_in_cluster", configuredPluginNames()));
    body.set("configuration", node.configuration());
    body.set("pids", Json.object().put("master", ProcessHandle.current().pid()).set("workers", Json.array().add(ProcessHandle.current().pid())));
    return AdminResponse.json(200, body);
  }

  /** Kong's {@code enabled_in_cluster}: the distinct names of the plugins configured, in store order. */
  private ArrayNode configuredPluginNames() {
    ArrayNode names = Json.array();
    Set<String> seen = new HashSet<>();
    PageQuery q = PageQuery.first(1000);
    while (true) {
      Page page = store.list("plugins", q);
      for (ObjectNode row : page.data()) {
        String name = Json.text(row, "name");
        if (name != null && seen.add(name)) {
          names.add(name);
        }
      }
      if (page.offset() == null) {
        return names;
      }
      q = q.withOffset(page.offset());
    }
  }

  AdminResponse status() {
    return AdminResponse.json(200, status.body());
  }

  AdminResponse endpoints(RouteTable routes) {
    ArrayNode data = Json.array();
    routes.templates().forEach(data::add);
    return AdminResponse.json(200, Json.object().<ObjectNode>set("data", data).putNull("next"));
  }

  AdminResponse schema(String name) {
    return registry.table(name)
        .map(s -> AdminResponse.json(200, new EntityApi(store, registry, processor).describe(s)))
        .orElse(AdminResponse.message(404, "No entity named '" + name + "'"));
  }

  AdminResponse validate(AdminRequest req, String name) {
    Optional<Schema> s = registry.table(name);
    if (s.isEmpty()) {
      return AdminResponse.message(404, "No entity named '" + name + "'");
    }
    new EntityApi(store, registry, processor).validate(s.get(), req);
    return AdminResponse.message(200, "schema validation successful");
  }

  AdminResponse pluginSchema(String name) {
    Optional<PluginCatalog.Entry> e = registry.plugins().find(name);
    if (e.isEmpty()) {
      return AdminResponse.message(404, "No plugin named '" + name + "'");
    }
    Schema plugins = registry.table("plugins").orElseThrow();
    ArrayNode fields = Json.array();
    for (Field f : plugins.fields()) {
      ObjectNode d = f.name().equals("config") ? e.get().config().describe() : f.describe();
      if (e.get().forbiddenScopes().contains(f.name())) {
        d = Json.object().put("type", "foreign").put("reference", f.reference()).put("eq", (String) null);
      }
      fields.add(Json.object().set(f.name(), d));
    }
    return AdminResponse.json(200, Json.object().set("fields", fields));
  }

  /** Kong: the vault kind's subschema, {@code {"fields":[{"config":…}]}}; 404 {@code No vault named '<x>'}. */
  AdminResponse vaultSchema(String name) {
    Schema vaults = registry.table("vaults").orElseThrow();
    Field config = vaults.subschema() == null ? null : vaults.subschema().lookup().apply(name);
    if (config == null) {
      return AdminResponse.message(404, "No vault named '" + name + "'");
    }
    return AdminResponse.json(200, Json.object().set("fields", Json.array().add(Json.object().set("config", config.describe()))));
  }

  /** Kong's deprecated {@code GET /plugins/schema/{name}}: only the {@code config} record's own schema. */
  AdminResponse pluginConfigSchema(String name) {
    Optional<PluginCatalog.Entry> e = registry.plugins().find(name);
    if (e.isEmpty()) {
      return AdminResponse.message(404, "No plugin named '" + name + "'");
    }
    return AdminResponse.json(200, e.get().config().describe());
  }

  AdminResponse validatePlugin(AdminRequest req) {
    Schema plugins = registry.table("plugins").orElseThrow();
    EntityApi api = new EntityApi(store, registry, processor);
    processor.insert(plugins, api.readBody(plugins, req, null));
    return AdminResponse.message(200, "schema validation successful");
  }

  AdminResponse enabledPlugins() {
    ArrayNode names = Json.array();
    registry.plugins().names().forEach(names::add);
    return AdminResponse.json(200, Json.object().set("enabled_plugins", names));
  }

  /** Kong Enterprise's {@code /{workspace}/tags}: the tags of that workspace's entities ({@code /tags}: the default one's). */
  AdminResponse tags(AdminRequest req, WorkspaceRef ws, String tag) {
    PageQuery q = PageQuery.first(ListQuery.size(req.queryParam("size"))).withOffset(req.queryParam("offset"));
    if (tag != null && tag.isEmpty()) {
      throw KongException.invalidOption("tags", "cannot be null");
    }
    Page page = store.listTags(q.inWorkspace(ws.id()), tag);
    ObjectNode body = Json.object();
    ArrayNode data = Json.array();
    page.data().forEach(data::add);
    body.set("data", data);
    if (page.offset() != null) {
      body.put("offset", page.offset());
    }
    String prefix = ws.isDefault() ? "" : "/" + ListQuery.encode(ws.name());
    String next = ListQuery.next(prefix + (tag == null ? "/tags" : "/tags/" + ListQuery.encode(tag)), page.offset(), req, false);
    if (next == null) {
      body.putNull("next");
    } else {
      body.put("next", next);
    }
    return AdminResponse.json(200, body);
  }
}
