package io.gatehouse.admin.workspaces;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.admin.http.AdminRequest;
import io.gatehouse.admin.http.AdminResponse;
import io.gatehouse.admin.http.BodyParser;
import io.gatehouse.admin.http.RouteTable;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.store.rbac.Workspace;
import io.gatehouse.store.rbac.WorkspaceRows;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * {@code /workspaces} (Kong Enterprise): by id or name. The default workspace cannot be deleted, nor
 * can a workspace that still holds something (400, as Kong Enterprise answers).
 */
public final class WorkspacesApi {
  /** Kong's {@code CORE_ENTITIES}, which a workspace name must not be (constants.lua). */
  static final List<String> CORE_ENTITIES = List.of("workspaces", "consumers", "certificates", "services", "routes",
      "snis", "upstreams", "targets", "plugins", "tags", "ca_certificates", "clustering_data_planes", "parameters",
      "vaults", "key_sets", "keys", "filter_chains");
  private static final Set<String> FIELDS = Set.of("id", "name", "comment", "config", "meta");

  private final WorkspaceRows rows;
  private final Clock clock;
  private RouteTable routes = new RouteTable();

  private final java.util.function.Predicate<String> holdsEntities;
  private java.util.function.Consumer<JsonNode> configCheck = config -> {};
  private java.util.function.BiConsumer<Workspace, Workspace> onChange = (before, after) -> {};

  public WorkspacesApi(WorkspaceRows rows, Clock clock) {
    this(rows, clock, wsId -> false);
  }

  /** {@code holdsEntities} tells whether a workspace (by id) still holds configuration entities. */
  public WorkspacesApi(WorkspaceRows rows, Clock clock, java.util.function.Predicate<String> holdsEntities) {
    this.rows = rows;
    this.clock = clock;
    this.holdsEntities = holdsEntities;
  }

  /**
   * Checks a workspace's {@code config} before it is stored (on create and on update); the check
   * throws a {@link KongException} (e.g. a 400 schema violation) to refuse it, and the stored
   * workspace stays as it was. The portal checks its login keys so ({@code portal_auth}).
   */
  public WorkspacesApi withConfigCheck(java.util.function.Consumer<JsonNode> check) {
    this.configCheck = java.util.Objects.requireNonNull(check, "check");
    return this;
  }

  /** Told of each workspace a {@code PATCH} changed, with the row before and after (the portal follows its config). */
  public WorkspacesApi onChange(java.util.function.BiConsumer<Workspace, Workspace> listener) {
    this.onChange = java.util.Objects.requireNonNull(listener, "listener");
    return this;
  }

  public void register(RouteTable routes) {
    this.routes = routes;
    routes.add("/workspaces", "GET", (req, p) -> {
          ArrayNode data = Json.array();
          rows.list().forEach(w -> data.add(json(w)));
          ObjectNode page = Json.object();
          page.set("data", data);
          return AdminResponse.json(200, page.putNull("next"));
        })
        .add("/workspaces", "POST", (req, p) -> AdminResponse.json(201, json(rows.insert(create(req)))))
        .add("/workspaces/{workspaces}", "GET", (req, p) -> rows.find(p.get("workspaces"))
            .map(w -> AdminResponse.json(200, json(w))).orElse(AdminResponse.notFound()))
        .add("/workspaces/{workspaces}", "PATCH", (req, p) -> rows.find(p.get("workspaces"))
            .map(w -> AdminResponse.json(200, json(changed(w, rows.replace(update(w, req)))))).orElse(AdminResponse.notFound()))
        .add("/workspaces/{workspaces}", "DELETE", (req, p) -> delete(p.get("workspaces")));
  }

  private Workspace changed(Workspace before, Workspace after) {
    onChange.accept(before, after);
    return after;
  }

  private AdminResponse delete(String key) {
    Optional<Workspace> found = rows.find(key);
    if (found.isEmpty()) {
      return AdminResponse.empty(204);
    }
    Workspace w = found.get();
    if (w.isDefault()) {
      return AdminResponse.message(400, "Cannot delete default workspace");
    }
    if (rows.members(w.id()) > 0 || holdsEntities.test(w.id())) {
      return AdminResponse.message(400, "Workspace is not empty");
    }
    rows.delete(w.id());
    return AdminResponse.empty(204);
  }

  private Workspace create(AdminRequest req) {
    ObjectNode body = body(req);
    long now = clock.millis() / 1000;
    String id = text(body, "id");
    if (id != null) {
      try {
        UUID.fromString(id);
      } catch (IllegalArgumentException e) {
        throw KongException.schemaViolation(Json.object().put("id", "expected a valid UUID"));
      }
    }
    return new Workspace(id == null ? UUID.randomUUID().toString() : id, name(body, null, routes), text(body, "comment"),
        checked(record(body, "config", "{}"), "{}"), record(body, "meta", "{}"), now, now);
  }

  private Workspace update(Workspace w, AdminRequest req) {
    ObjectNode body = body(req);
    if (body.has("id") && !w.id().equals(text(body, "id"))) {
      throw KongException.schemaViolation(Json.object().put("id", "cannot change a workspace's id"));
    }
    String name = body.has("name") ? name(body, w, routes) : w.name();
    return new Workspace(w.id(), name, body.has("comment") ? text(body, "comment") : w.comment(),
        body.has("config") ? checked(record(body, "config", w.config()), w.config()) : w.config(), record(body, "meta", w.meta()),
        w.createdAt(), clock.millis() / 1000);
  }

  /** The config to store: a redacted secret sent back keeps the stored one ({@link WorkspaceSecrets}), then checked. */
  private String checked(String config, String stored) {
    JsonNode tree = WorkspaceSecrets.kept(Json.parse(config), Json.parse(stored));
    WorkspaceSecrets.checkReferences(tree);
    configCheck.accept(tree);
    return Json.write(tree);
  }

  /** Kong's {@code utf8_name} rules, not a core entity's nor an Admin API path's first segment; the default keeps its name. */
  private static String name(ObjectNode body, @Nullable Workspace current, RouteTable routes) {
    String name = text(body, "name");
    String error = null;
    if (name == null) {
      error = "required field missing";
    } else if (current != null && current.isDefault() && !name.equals(current.name())) {
      error = "the default workspace cannot be renamed";
    } else {
      error = nameError(name);
      if (error == null && routes.templates().stream().anyMatch(t -> t.equals("/" + name) || t.startsWith("/" + name + "/"))) {
        // /{name}/… would be that endpoint, never the workspace's prefix
        error = "'" + name + "' is an Admin API path; a workspace cannot be named so";
      }
    }
    if (error != null) {
      throw KongException.schemaViolation(Json.object().put("name", error));
    }
    return name;
  }

  /** Kong's {@code utf8_name} rule and its {@code CORE_ENTITIES}; null when the name is fine. */
  public static @Nullable String nameError(String name) {
    if (CORE_ENTITIES.contains(name)) {
      return "must not be one of: " + String.join(", ", CORE_ENTITIES);
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x80 && !(Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_' || c == '~')) {
        return "invalid value '" + name + "': the only accepted ascii characters are alphanumerics or ., -, _, and ~";
      }
    }
    return null;
  }

  private static ObjectNode body(AdminRequest req) {
    ObjectNode body = BodyParser.decode(req).body();
    ObjectNode errors = Json.object();
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        errors.put(f, "unknown field");
      }
    }
    if (!errors.isEmpty()) {
      throw KongException.schemaViolation(errors);
    }
    return body;
  }

  private static @Nullable String text(ObjectNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw KongException.schemaViolation(Json.object().put(field, "expected a string"));
    }
    return v.asText();
  }

  /** {@code config} and {@code meta}: any JSON object (Kong Enterprise keeps portal and display settings there). */
  private static String record(ObjectNode body, String field, String fallback) {
    JsonNode v = body.get(field);
    if (v == null) {
      return fallback;
    }
    if (v.isNull()) {
      return "{}";
    }
    if (!v.isObject()) {
      throw KongException.schemaViolation(Json.object().put(field, "expected a record"));
    }
    JsonNode cors = v.path("portal_cors_origins");
    if (field.equals("config") && !cors.isMissingNode() && !cors.isNull() && !(cors.isArray()
        && java.util.stream.StreamSupport.stream(cors.spliterator(), false).allMatch(JsonNode::isTextual))) {
      // Kong Enterprise's workspace config: an array of strings (the portal's CORS origins)
      ObjectNode errors = Json.object();
      errors.set("config", Json.object().put("portal_cors_origins", "expected an array of strings"));
      throw KongException.schemaViolation(errors);
    }
    return Json.write(v);
  }

  /** The JSON Kong Enterprise answers with, the secrets in its {@code config} redacted ({@link WorkspaceSecrets}). */
  public static ObjectNode json(Workspace w) {
    ObjectNode o = Json.object().put("id", w.id()).put("name", w.name());
    if (w.comment() == null) {
      o.putNull("comment");
    } else {
      o.put("comment", w.comment());
    }
    o.set("config", WorkspaceSecrets.shown(Json.parse(w.config())));
    o.set("meta", Json.parse(w.meta()));
    return o.put("created_at", w.createdAt()).put("updated_at", w.updatedAt());
  }
}
