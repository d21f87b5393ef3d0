package io.gatehouse.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.admin.http.AdminRequest;
import io.gatehouse.admin.http.AdminResponse;
import io.gatehouse.admin.http.BodyParser;
import io.gatehouse.admin.http.FormCoercion;
import io.gatehouse.admin.http.RouteTable;
import io.gatehouse.admin.http.WorkspaceRef;
import io.gatehouse.core.entity.TargetSchema;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.EntityProcessor;
import io.gatehouse.core.schema.Field;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.core.schema.SchemaRegistry;
import io.gatehouse.store.ConfigStore;
import io.gatehouse.store.Page;
import io.gatehouse.store.PageQuery;
import io.gatehouse.store.WorkspaceView;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The endpoints Kong generates for every entity (reference §2.1): collections, entities by id or
 * endpoint key, nested collections under each parent, and foreign-key endpoints — all from the
 * schemas in the registry, so plugin-owned entities get theirs the same way.
 */
public final class EntityApi {
  private final ConfigStore root;
  private final WorkspaceView store;
  private final String pathPrefix;
  private final SchemaRegistry registry;
  private final EntityProcessor processor;
  private final Map<String, WriteHook> hooks = new HashMap<>();
  private final Set<String> templates;
  private final boolean routeCollisions;

  /** The endpoints over {@code store}; without a workspace prefix they serve the default workspace. */
  public EntityApi(ConfigStore store, SchemaRegistry registry, EntityProcessor processor) {
    this(store, registry, processor, true);
  }

  /**
   * @param routeCollisions whether a route write is refused when it collides with another
   *     workspace's route (Kong Enterprise's {@code route_validation_strategy}: {@code smart} on, {@code off} off)
   */
  public EntityApi(ConfigStore store, SchemaRegistry registry, EntityProcessor processor, boolean routeCollisions) {
    this.routeCollisions = routeCollisions;
    this.root = store;
    this.store = new WorkspaceView(store, WorkspaceRef.DEFAULT.id());
    this.pathPrefix = "";
    this.registry = registry;
    this.processor = processor;
    this.templates = new HashSet<>();
    registry.table("snis").ifPresent(sni -> hooks.put("certificates", new CertificateSnis(sni, processor)));
  }

  private EntityApi(EntityApi base, WorkspaceRef ws) {
    this.routeCollisions = base.routeCollisions;
    this.root = base.root;
    this.store = new WorkspaceView(base.root, ws.id());
    this.pathPrefix = ws.isDefault() ? "" : "/" + ws.name();
    this.registry = base.registry;
    this.processor = base.processor;
    this.templates = base.templates;
    this.hooks.putAll(base.hooks);
  }

  /** Adds every generated endpoint of every registered entity to {@code routes}. */
  public void register(RouteTable routes) {
    for (Schema s : registry.all()) {
      String e = s.adminApiName();
      String one = "/" + e + "/{" + s.name() + "}";
      add(routes, "/" + e, "GET", (api, req, p) -> api.list(s, req, null, null, "/" + e))
          .add(routes, "/" + e, "POST", (api, req, p) -> api.create(s, req, null, null))
          .add(routes, one, "GET", (api, req, p) -> api.get(s, p.get(s.name()), null, null))
          .add(routes, one, "PUT", (api, req, p) -> api.upsert(s, req, p.get(s.name()), null, null))
          .add(routes, one, "PATCH", (api, req, p) -> api.update(s, req, p.get(s.name()), null, null))
          .add(routes, one, "DELETE", (api, req, p) -> api.delete(s, p.get(s.name()), null, null));
      for (Field fk : s.foreignKeys()) {
        Schema parent = registry.table(fk.reference()).orElseThrow();
        String fkPath = one + "/" + fk.name();
        add(routes, fkPath, "GET", (api, req, p) -> api.getParent(s, fk, parent, p.get(s.name())))
            .add(routes, fkPath, "PATCH", (api, req, p) -> api.updateParent(s, fk, parent, req, p.get(s.name())))
            .add(routes, fkPath, "PUT", (api, req, p) -> api.replaceParent(s, fk, parent, req, p.get(s.name())))
            .add(routes, fkPath, "DELETE", (api, req, p) -> api.deleteParent(s, fk, p.get(s.name())));
        String pk = "{" + parent.name() + "}";
        String nested = "/" + parent.adminApiName() + "/" + pk + "/" + s.nestedName();
        String nestedOne = nested + "/{" + s.name() + "}";
        add(routes, nested, "GET", (api, req, p) -> api.withParent(parent, p, par -> api.list(s, req, fk, par,
                "/" + parent.adminApiName() + "/" + p.get(parent.name()) + "/" + s.nestedName())))
            .add(routes, nested, "POST", (api, req, p) -> api.withParent(parent, p, par -> api.create(s, req, fk, par)))
            .add(routes, nestedOne, "GET", (api, req, p) -> api.withParent(parent, p, par -> api.get(s, p.get(s.name()), fk, par)))
            .add(routes, nestedOne, "PUT", (api, req, p) -> api.withParent(parent, p, par -> api.upsert(s, req, p.get(s.name()), fk, par)))
            .add(routes, nestedOne, "PATCH", (api, req, p) -> api.withParent(parent, p, par -> api.update(s, req, p.get(s.name()), fk, par)))
            .add(routes, nestedOne, "DELETE", (api, req, p) -> api.withParent(parent, p, par -> api.delete(s, p.get(s.name()), fk, par)));
      }
    }
  }

  /** A generated endpoint's handler, run by the request's workspace's API. */
  @FunctionalInterface
  interface ScopedHandler {
    AdminResponse handle(EntityApi api, AdminRequest req, Map<String, String> params);
  }

  private EntityApi add(RouteTable routes, String template, String method, ScopedHandler h) {
    routes.add(template, method, (req, p) -> in(WorkspaceRef.of(p)).handle(h, req, p));
    templates.add(template);
    return this;
  }

  private AdminResponse handle(ScopedHandler h, AdminRequest req, Map<String, String> params) {
    return h.handle(this, req, params);
  }

  /** Whether a template is one of the generated endpoints (served in every workspace). */
  public boolean serves(String template) {
    return templates.contains(template);
  }

  /** This API in another workspace: the same endpoints over that workspace's rows. */
  public EntityApi in(WorkspaceRef ws) {
    return ws.id().equals(store.workspaceId()) ? this : new EntityApi(this, ws);
  }

  private AdminResponse withParent(Schema parent, Map<String, String> params,
      java.util.function.Function<ObjectNode, AdminResponse> then) {
    Optional<ObjectNode> p = resolve(parent, params.get(parent.name()));
    return p.isEmpty() ? AdminResponse.notFound() : then.apply(p.get());
  }

  // --- lookups ---------------------------------------------------------------------------

  /** An entity by id (a UUID) or by endpoint key; certificates also by SNI name. */
  Optional<ObjectNode> resolve(Schema s, String key) {
    if (EntityProcessor.isUuid(key)) {
      return store.get(s.name(), key.toLowerCase(java.util.Locale.ROOT));
    }
    if (s.name().equals("certificates")) {
      return store.findByUnique("snis", "name", key)
          .flatMap(sni -> store.get("certificates", Json.foreignId(sni, "certificate")));
    }
    if (s.endpointKey() == null || !s.field(s.endpointKey()).isUnique()) {
      return Optional.empty();
    }
    return store.findByUnique(s.name(), s.endpointKey(), endpointValue(s, key));
  }

  /** Like {@link #resolve(Schema, String)}, but keys unique only per parent (targets) look inside it. */
  Optional<ObjectNode> resolve(Schema s, String key, @Nullable Field fk, @Nullable ObjectNode parent) {
    if (EntityProcessor.isUuid(key) || s.endpointKey() == null || s.field(s.endpointKey()).isUnique() || fk == null) {
      return resolve(s, key);
    }
    PageQuery q = PageQuery.first(1).withForeign(fk.name(), parent.get("id").asText())
        .withEquals(s.endpointKey(), endpointValue(s, key));
    return store.list(s.name(), q).data().stream().findFirst();
  }

  private static String endpointValue(Schema s, String key) {
    if (s.name().equals("targets")) {
      String n = TargetSchema.normalize(key);
      return n == null ? key : n;
    }
    return key;
  }

  private static boolean belongs(ObjectNode child, @Nullable Field fk, @Nullable ObjectNode parent) {
    return fk == null || parent.get("id").asText().equals(Json.foreignId(child, fk.name()));
  }

  private ObjectNode render(Schema s, ObjectNode e) {
    return hooks.getOrDefault(s.name(), WriteHook.NONE).render(e, store);
  }

  // --- handlers --------------------------------------------------------------------------

  AdminResponse list(Schema s, AdminRequest req, @Nullable Field fk, @Nullable ObjectNode parent, String path) {
    PageQuery q = ListQuery.parse(req, s);
    if (fk != null) {
      q = q.withForeign(fk.name(), parent.get("id").asText());
    }
    if (s.name().equals("consumers") && req.query().containsKey("custom_id")) {
      String customId = req.queryParam("custom_id");
      if (customId == null || customId.isEmpty()) {
        return AdminResponse.message(400, "custom_id must be an unempty string");
      }
      q = q.withEquals("custom_id", customId);
    }
    Page page = store.list(s.name(), q);
    ArrayNode data = Json.array();
    page.data().forEach(e -> data.add(render(s, e)));
    ObjectNode body = Json.object();
    body.set("data", data);
    if (page.offset() != null) {
      body.put("offset", page.offset());
    }
    String next = ListQuery.next(pathPrefix + path, page.offset(), req, fk != null);
    if (next == null) {
      body.putNull("next");
    } else {
      body.put("next", next);
    }
    return AdminResponse.json(200, body);
  }

  /** {@code /upstreams/{u}/targets/all}: the raw target rows of an upstream. */
  public AdminResponse listAll(Schema targets, AdminRequest req, String upstreamKey) {
    Schema upstreams = registry.table("upstreams").orElseThrow();
    Optional<ObjectNode> up = resolve(upstreams, upstreamKey);
    if (up.isEmpty()) {
      return AdminResponse.notFound();
    }
    return list(targets, req, targets.field("upstream"), up.get(),
        "/upstreams/" + upstreamKey + "/targets/all");
  }

  AdminResponse get(Schema s, String key, @Nullable Field fk, @Nullable ObjectNode parent) {
    Optional<ObjectNode> e = resolve(s, key, fk, parent);
    if (e.isEmpty() || !belongs(e.get(), fk, parent)) {
      return AdminResponse.notFound();
    }
    return AdminResponse.json(200, render(s, e.get()));
  }

  AdminResponse create(Schema s, AdminRequest req, @Nullable Field fk, @Nullable ObjectNode parent) {
    ObjectNode input = readBody(s, req, null);
    if (fk != null) {
      input.set(fk.name(), Json.object().put("id", parent.get("id").asText()));
    }
    ObjectNode written = write(s, input, e -> processor.insert(s, e), false);
    return AdminResponse.json(201, render(s, written));
  }

  AdminResponse upsert(Schema s, AdminRequest req, String key, @Nullable Field fk, @Nullable ObjectNode parent) {
    Optional<ObjectNode> existing = resolve(s, key, fk, parent);
    if (existing.isPresent() && !belongs(existing.get(), fk, parent)) {
      return AdminResponse.notFound();
    }
    ObjectNode input = readBody(s, req, null);
    if (EntityProcessor.isUuid(key)) {
      input.put("id", key.toLowerCase(java.util.Locale.ROOT));
    } else if (s.name().equals("certificates")) {
      existing.ifPresent(c -> input.put("id", c.get("id").asText()));
      if (!input.has("snis") || input.get("snis").isNull()) {
        input.set("snis", Json.array().add(key));
      }
    } else if (s.endpointKey() == null) {
      return AdminResponse.notFound();
    } else {
      input.put(s.endpointKey(), key);
      existing.ifPresentOrElse(x -> input.put("id", x.get("id").asText()), () -> input.remove("id"));
    }
    if (fk != null) {
      input.set(fk.name(), Json.object().put("id", parent.get("id").asText()));
    }
    ObjectNode written = write(s, input, e -> processor.upsert(s, e, existing.orElse(null)), true);
    return AdminResponse.json(200, render(s, written));
  }

  AdminResponse update(Schema s, AdminRequest req, String key, @Nullable Field fk, @Nullable ObjectNode parent) {
    Optional<ObjectNode> existing = resolve(s, key, fk, parent);
    if (existing.isEmpty() || !belongs(existing.get(), fk, parent)) {
      if (fk != null) {
        return AdminResponse.notFound();
      }
      throw EntityProcessor.isUuid(key) || s.endpointKey() == null
          ? KongException.notFoundById(key)
          : KongException.notFoundByKey(s.endpointKey(), key);
    }
    String subKey = Json.text(existing.get(), "name");
    ObjectNode patch = readBody(s, req, subKey);
    if (fk != null) {
      patch.remove(fk.name());
    }
    ObjectNode written = write(s, patch, e -> processor.update(s, existing.get(), e), true);
    return AdminResponse.json(200, render(s, written));
  }

  AdminResponse delete(Schema s, String key, @Nullable Field fk, @Nullable ObjectNode parent) {
    Optional<ObjectNode> existing = resolve(s, key, fk, parent);
    if (existing.isEmpty()) {
      return fk != null ? AdminResponse.notFound() : AdminResponse.empty(204);
    }
    if (!belongs(existing.get(), fk, parent)) {
      return AdminResponse.notFound();
    }
    store.delete(s.name(), existing.get().get("id").asText());
    return AdminResponse.empty(204);
  }

  AdminResponse getParent(Schema s, Field fk, Schema parent, String key) {
    Optional<ObjectNode> child = resolve(s, key);
    String pid = child.map(c -> Json.foreignId(c, fk.name())).orElse(null);
    if (pid == null) {
      return AdminResponse.notFound();
    }
    return store.get(parent.name(), pid).map(p -> AdminResponse.json(200, render(parent, p)))
        .orElse(AdminResponse.notFound());
  }

  AdminResponse updateParent(Schema s, Field fk, Schema parent, AdminRequest req, String key) {
    Optional<ObjectNode> child = resolve(s, key);
    String pid = child.map(c -> Json.foreignId(c, fk.name())).orElse(null);
    if (pid == null) {
      return AdminResponse.notFound();
    }
    return update(parent, req, pid, null, null);
  }

  /**
   * Kong's PUT on a foreign-entity endpoint ({@code PUT /routes/{r}/service}): replaces the parent;
   * when the child has none, creates one under a new id and points the child at it.
   */
  AdminResponse replaceParent(Schema s, Field fk, Schema parent, AdminRequest req, String key) {
    Optional<ObjectNode> child = resolve(s, key);
    if (child.isEmpty()) {
      return AdminResponse.notFound();
    }
    String pid = Json.foreignId(child.get(), fk.name());
    if (pid != null) {
      return upsert(parent, req, pid, null, null);
    }
    AdminResponse created = upsert(parent, req, UUID.randomUUID().toString(), null, null);
    ObjectNode association = Json.object();
    association.set(fk.name(), Json.object().put("id", java.util.Objects.requireNonNull(created.body()).get("id").asText()));
    write(s, association, e -> processor.update(s, child.get(), e), true);
    return created;
  }

  AdminResponse deleteParent(Schema s, Field fk, String key) {
    Optional<ObjectNode> child = resolve(s, key);
    String pid = child.map(c -> Json.foreignId(c, fk.name())).orElse(null);
    return pid == null ? AdminResponse.notFound() : AdminResponse.methodNotAllowed();
  }

  // --- writing ---------------------------------------------------------------------------

  private ObjectNode write(Schema s, ObjectNode input, java.util.function.UnaryOperator<ObjectNode> prepare, boolean replace) {
    WriteHook hook = hooks.getOrDefault(s.name(), WriteHook.NONE);
    Object extracted = hook.extract(input, store);
    JsonNode ttl = s.ttl() ? ttlSeconds(input.remove("ttl")) : null;
    ObjectNode entity = prepare.apply(input);
    if (routeCollisions && s.name().equals("routes")) {
      RouteCollision.check(root, store.workspaceId(), entity);
    }
    if (ttl != null) {
      entity.set("ttl", ttl); // the store turns it into an expiry (reference plugins §1.5)
    }
    return store.transaction(tx -> {
      ObjectNode stored = replace ? tx.upsert(s.name(), entity) : tx.insert(s.name(), entity);
      hook.afterWrite(tx, stored, extracted);
      return stored;
    });
  }

  /** A {@code ttl} input (seconds; form input arrives as text), or null when absent. */
  private static @Nullable JsonNode ttlSeconds(@Nullable JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isTextual()) {
      try {
        v = Json.NODES.numberNode(Long.parseLong(v.asText().trim()));
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    if (!v.isIntegralNumber() || v.asLong() < 0) {
      throw KongException.schemaViolation(Json.object().put("ttl", "expected a positive integer"));
    }
    return v;
  }

  /** {@code GET /schemas/{name}}: the schema's description with the table's pseudo-fields. */
  ObjectNode describe(Schema s) {
    return hooks.getOrDefault(s.name(), WriteHook.NONE).describe(s.describe());
  }

  /** {@code /schemas/{name}/validate}: the body checked as an insert would be, without writing anything. */
  void validate(Schema s, AdminRequest req) {
    ObjectNode input = readBody(s, req, null);
    hooks.getOrDefault(s.name(), WriteHook.NONE).validate(input);
    processor.insert(s, input);
  }

  /** The decoded body: form input coerced by schema, foreign keys given by endpoint key resolved. */
  ObjectNode readBody(Schema s, AdminRequest req, @Nullable String subschemaKey) {
    AdminRequest.Decoded d = BodyParser.decode(req);
    ObjectNode body = d.body();
    if (d.fromForm()) {
      FormCoercion.coerce(s, body, subschemaKey);
    }
    for (Field fk : s.foreignKeys()) {
      JsonNode v = body.get(fk.name());
      if (v instanceof ObjectNode o && !o.has("id")) {
        Schema parent = registry.table(fk.reference()).orElseThrow();
        String keyField = parent.endpointKey();
        if (keyField != null && o.has(keyField)) {
          JsonNode keyValue = o.get(keyField);
          if (keyValue.isNull()) {
            continue;
          }
          ObjectNode found = store.findByUnique(parent.name(), keyField, keyValue.asText())
              .orElseThrow(() -> KongException.foreignKeyUnresolved(fk.name(), keyField, keyValue.asText(), parent.name()));
          body.set(fk.name(), Json.object().put("id", found.get("id").asText()));
        }
      }
    }
    return body;
  }
}
