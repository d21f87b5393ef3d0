package io.gatehouse.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.admin.http.AdminRequest;
import io.gatehouse.admin.http.AdminResponse;
import io.gatehouse.admin.http.BodyParser;
import io.gatehouse.admin.http.HttpError;
import io.gatehouse.admin.http.RouteTable;
import io.gatehouse.core.declarative.DeclarativeConfig;
import io.gatehouse.core.declarative.DeclarativeConfigException;
import io.gatehouse.core.declarative.DeclarativeExport;
import io.gatehouse.core.declarative.DeclarativeLoader;
import io.gatehouse.core.declarative.DeclarativeParser;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.EntityProcessor;
import io.gatehouse.core.schema.Field;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.core.schema.SchemaRegistry;
import io.gatehouse.store.ConfigStore;
import io.gatehouse.store.DeclarativeStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET|POST /config} (reference §3.5) and DB-less mode's read-only entity endpoints (§2.3:
 * writes answer 405 code 12). A body that does not load leaves the running configuration as it was.
 */
public final class ConfigApi {
  private static final Set<String> TRUTHY = Set.of("1", "true", "on", "yes");
  private static final Map<String, String> VERBS =
      Map.of("POST", "create", "PUT", "create or update", "PATCH", "update", "DELETE", "remove");

  private final ConfigStore store;
  private final SchemaRegistry registry;
  private final DeclarativeLoader loader;
  private final ReentrantLock loading = new ReentrantLock();

  public ConfigApi(ConfigStore store, SchemaRegistry registry, DeclarativeLoader loader) {
    this.store = store;
    this.registry = registry;
    this.loader = loader;
  }

  public void register(RouteTable routes) {
    routes.add("/config", "GET", (req, p) -> get())
        .add("/config", "POST", (req, p) -> post(req));
    if (store instanceof DeclarativeStore) {
      routes.replaceEach(this::readOnly);
    }
  }

  /** Why a DB-less node refuses a file for another workspace (workspaces live in a database). */
  public static final String DBLESS_WORKSPACE_ONLY =
      "a DB-less node serves the default workspace only; import other workspaces with config db_import";

  private AdminResponse get() {
    if (!(store instanceof DeclarativeStore)) {
      return notDbless();
    }
    return AdminResponse.json(200, Json.object().put("config",
        DeclarativeExport.yaml(registry, store.snapshot().tables())));
  }

  private AdminResponse post(AdminRequest req) {
    if (!(store instanceof DeclarativeStore dbless)) {
      return notDbless();
    }
    boolean flatten = truthy(req.queryParam("flatten_errors"));
    ObjectNode root;
    DeclarativeConfig config;
    try {
      root = body(req);
      if (root == null) {
        return AdminResponse.message(400, "expected a declarative configuration");
      }
      config = loader.load(root);
    } catch (DeclarativeConfigException e) {
      return AdminResponse.error(e.toKong(flatten));
    }
    if (!config.inDefaultWorkspace()) {
      return AdminResponse.error(KongException.invalidDeclarativeConfig(
          Json.object().put("_workspace", DBLESS_WORKSPACE_ONLY), null));
    }
    if (truthy(req.queryParam("check_hash")) && config.hash().equals(dbless.configHash())) {
      return AdminResponse.empty(304);
    }
    if (!loading.tryLock()) {
      return new AdminResponse(429, Json.object().put("message", "Currently loading previous configuration"),
          Map.of("Retry-After", "60"));
    }
    try {
      dbless.replaceAll(config.tables(), config.hash());
    } finally {
      loading.unlock();
    }
    ObjectNode out = Json.object();
    config.tables().forEach((table, rows) -> {
      if (!rows.isEmpty()) {
        ObjectNode byId = out.putObject(table);
        rows.forEach(e -> byId.set(e.get("id").asText(), e));
      }
    });
    return AdminResponse.json(201, out);
  }

  /**
   * The configuration in the body: the config object itself (JSON with {@code _format_version}),
   * a {@code config} string (JSON, form or multipart), or raw YAML/JSON text; null when absent.
   */
  static @Nullable ObjectNode body(AdminRequest req) {
    String ct = req.contentTypes().isEmpty() ? "" : req.contentTypes().getFirst().toLowerCase(Locale.ROOT);
    String text = new String(req.body(), StandardCharsets.UTF_8);
    if (text.isBlank()) {
      return null;
    }
    if (ct.startsWith("application/yaml") || ct.startsWith("text/yaml") || ct.startsWith("application/x-yaml")) {
      return DeclarativeParser.parse(text, null);
    }
    ObjectNode decoded;
    try {
      decoded = BodyParser.decode(req).body();
    } catch (HttpError e) {
      if (ct.startsWith("application/json")) {
        ObjectNode parsed = DeclarativeParser.parse(text, "config.json"); // reports where the JSON breaks
        if (!BodyParser.validUnicode(parsed)) {
          throw e; // well-formed JSON with an unpaired surrogate: Kong cannot parse it either
        }
        return parsed;
      }
      throw e;
    }
    JsonNode inner = decoded.get("config");
    if (!decoded.has("_format_version") && inner != null && inner.isTextual()) {
      return DeclarativeParser.parse(inner.asText(), null);
    }
    return decoded.isEmpty() ? null : decoded;
  }

  static boolean truthy(@Nullable String v) {
    return v != null && TRUTHY.contains(v.toLowerCase(Locale.ROOT));
  }

  private static AdminResponse notDbless() {
    return AdminResponse.message(400, "this endpoint is only available when Kong is configured to not use a database");
  }

  /** In DB-less mode an entity write answers Kong's 405 code 12; everything else is unchanged. */
  private io.gatehouse.admin.http.Handler readOnly(String template, String method, io.gatehouse.admin.http.Handler h) {
    String verb = VERBS.get(method);
    Target target = verb == null ? null : target(template);
    if (target == null) {
      return h;
    }
    return (req, params) -> {
      String addressed = target.param() == null ? null : params.get(target.param());
      String key = target.schema().endpointKey();
      String by = addressed != null && key != null && !EntityProcessor.isUuid(addressed) ? " by '" + key + "'" : "";
      return AdminResponse.error(KongException.operationUnsupported(
          "cannot " + verb + " '" + target.schema().name() + "' entities" + by + " when not using a database"));
    };
  }

  /** The entity a generated endpoint writes, and the capture addressing it (null for a collection). */
  private record Target(Schema schema, @Nullable String param) {}

  private @Nullable Target target(String template) {
    List<String> segs = List.of(template.substring(1).split("/"));
    Schema current = registry.byAdminName(segs.getFirst()).orElse(null);
    String param = null;
    for (int i = 1; i < segs.size() && current != null; i++) {
      String seg = segs.get(i);
      if (seg.startsWith("{")) {
        param = seg.substring(1, seg.length() - 1);
        continue;
      }
      param = null;
      Schema parent = current;
      Field fk = parent.field(seg);
      if (fk != null && fk.type() == Field.Type.FOREIGN) {
        current = registry.table(fk.reference()).orElse(null);
        param = "";
        continue;
      }
      current = registry.childrenOf(parent.name()).stream()
          .filter(c -> c.nestedName().equals(seg)).findFirst().orElse(null);
    }
    if (current == null) {
      return null;
    }
    return new Target(current, param == null || param.isEmpty() ? null : param);
  }
}
