package io.gatehouse.admin.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.admin.api.DeclarativeProducts;
import io.gatehouse.admin.http.WorkspaceRef;
import io.gatehouse.core.declarative.DeclarativeConfig;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.store.StoreTransaction;
import io.gatehouse.store.portal.ApiProduct;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A workspace's products as the file's {@value DeclarativeConfig#PRODUCTS} section: the
 * {@code POST /portal/products} fields by product name, services and routes by name (or id). An
 * import goes through {@link Products} as the {@code /portal} API does (same checks, same guards),
 * in the import's own store transaction; products are matched by name, never duplicated.
 */
final class ProductsFile implements DeclarativeProducts {
  private final WorkspacePortals portals;

  ProductsFile(WorkspacePortals portals) {
    this.portals = portals;
  }

  @Override
  public ArrayNode export(WorkspaceRef ws, Map<String, List<ObjectNode>> tables) {
    ArrayNode out = Json.array();
    portals.in(ws.id()).products().list().stream()
        .sorted(java.util.Comparator.comparing(ApiProduct::name))
        .forEach(p -> out.add(entry(p, tables)));
    return out;
  }

  private static ObjectNode entry(ApiProduct p, Map<String, List<ObjectNode>> tables) {
    ObjectNode o = Json.object().put("name", p.name());
    if (p.description() != null) o.put("description", p.description());
    if (p.version() != null) o.put("version", p.version());
    if (!p.serviceIds().isEmpty()) o.set("service_ids", names(p.serviceIds(), tables.get("services")));
    if (!p.routeIds().isEmpty()) o.set("route_ids", names(p.routeIds(), tables.get("routes")));
    if (p.openapiUrl() != null) o.put("openapi_url", p.openapiUrl());
    else if (p.openapi() != null) o.put("openapi", p.openapi());
    o.set("plans", Json.parse(p.plans()));
    if (!p.auth().equals(ApiProduct.KEY_AUTH)) o.put("auth", p.auth()); // key-auth, the default, as files had it
    return o.put("auto_approve", p.autoApprove());
  }

  /** Names where the entity has one (readable, and what decK files use), ids otherwise. */
  private static ArrayNode names(List<String> ids, List<ObjectNode> rows) {
    ArrayNode out = Json.array();
    for (String id : ids) {
      out.add(rows == null ? id : rows.stream().filter(e -> id.equals(e.path("id").asText()))
          .map(e -> e.path("name").isTextual() ? e.get("name").asText() : id).findFirst().orElse(id));
    }
    return out;
  }

  @Override
  public Changes plan(WorkspaceRef ws, List<ObjectNode> section, Map<String, List<ObjectNode>> want,
      boolean prune) {
    WorkspacePortals.Parts parts = portals.in(ws.id());
    ArrayNode errors = Json.array();
    boolean bad = false;
    Set<String> names = new HashSet<>();
    List<Wanted> wanted = new ArrayList<>();
    for (ObjectNode in : section) {
      ObjectNode e = Json.object();
      ProductInput.checkFields(in, e);
      List<String> services = refs(in, "service_ids", want.get("services"), e);
      List<String> routes = refs(in, "route_ids", want.get("routes"), e);
      if (!e.has("service_ids") && !e.has("route_ids") && services.isEmpty() && routes.isEmpty()) {
        e.put("service_ids", "a product needs at least one service or route (service_ids, route_ids)");
      }
      String name = in.path("name").asText();
      if (!e.has("name") && !names.add(name)) {
        e.put("name", "uniqueness violation: 'products' entity with name set to '" + name + "' already declared");
      }
      Optional<ApiProduct> old = e.has("name") ? Optional.empty() : parts.products().find(name);
      old.filter(o -> !e.has("service_ids") && !e.has("route_ids")).ifPresent(o -> {
        if (!Set.copyOf(o.serviceIds()).equals(Set.copyOf(services)) || !Set.copyOf(o.routeIds()).equals(Set.copyOf(routes))) {
          e.put("service_ids", "the product's services and routes cannot change (delete it from the file, import, then add it back)");
        }
        if (!e.has("auth") && !o.auth().equals(ProductInput.auth(in, Json.object()))) {
          e.put("auth", "the product's auth cannot change (delete it from the file, import, then add it back)");
        }
      });
      bad |= !e.isEmpty();
      errors.add(e.isEmpty() ? Json.NODES.nullNode() : e);
      wanted.add(new Wanted(in, services, routes, old.orElse(null)));
    }
    List<Prepared> prepared = bad ? List.of() : prepare(parts.products(), wanted, new FileEntities(want), errors);
    if (bad || prepared.size() < wanted.size()) {
      throw KongException.invalidDeclarativeConfig(Json.object().set(DeclarativeConfig.PRODUCTS, errors), null);
    }
    List<ApiProduct> gone = !prune ? List.of()
        : parts.products().list().stream().filter(p -> !names.contains(p.name())).toList();
    return new FileChanges(parts, prepared, gone);
  }

  /**
   * Each product as the import will write it, checked against the file's entities, documents fetched
   * (before the import's transaction, so no fetch holds the store's writer). A product refused here
   * gets its fields in {@code errors} and is left out.
   */
  private static List<Prepared> prepare(Products products, List<Wanted> wanted, FileEntities file, ArrayNode errors) {
    List<Prepared> out = new ArrayList<>();
    for (int i = 0; i < wanted.size(); i++) {
      Wanted w = wanted.get(i);
      try {
        if (w.old() == null) {
          ObjectNode in = w.in().deepCopy();
          in.set("service_ids", ids(w.services()));
          in.set("route_ids", ids(w.routes()));
          out.add(new Prepared(products.checked(file, in), Prepared.Kind.CREATE));
        } else {
          ObjectNode patch = patch(w);
          out.add(patch.isEmpty() ? new Prepared(w.old(), Prepared.Kind.GUARD)
              : new Prepared(products.changed(file, w.old(), patch), Prepared.Kind.UPDATE));
        }
      } catch (KongException e) {
        errors.set(i, e.fields() == null ? Json.object().put("name", e.getMessage()) : e.fields());
      }
    }
    return out;
  }

  private static ArrayNode ids(List<String> ids) {
    ArrayNode a = Json.array();
    ids.forEach(a::add);
    return a;
  }

  /** Ids or names resolved in the imported entities. */
  private static List<String> refs(ObjectNode in, String field, List<ObjectNode> rows, ObjectNode errors) {
    JsonNode v = in.get(field);
    List<String> out = new ArrayList<>();
    if (v == null || v.isNull()) return out;
    String table = field.equals("service_ids") ? "service" : "route";
    if (!v.isArray()) {
      errors.put(field, "expected an array of " + table + "s ids or names");
      return out;
    }
    for (JsonNode ref : v) {
      Optional<String> id = !ref.isTextual() || rows == null ? Optional.empty() : rows.stream()
          .filter(e -> ref.asText().equalsIgnoreCase(e.path("id").asText()) || ref.asText().equals(e.path("name").asText()))
          .map(e -> e.get("id").asText()).findFirst();
      if (id.isEmpty()) {
        errors.put(field, "no " + table + " with id or name '" + ref.asText() + "' in the file");
        return out;
      }
      if (!out.contains(id.get())) out.add(id.get());
    }
    return out;
  }

  private record Wanted(ObjectNode in, List<String> services, List<String> routes, ApiProduct old) {}

  /** The fields the file changes, as a PATCH body ({} when none). */
  private static ObjectNode patch(Wanted w) {
    ApiProduct old = w.old();
    ObjectNode in = w.in();
    ObjectNode patch = Json.object();
    Map<String, Object> now = new LinkedHashMap<>();
    now.put("description", old.description());
    now.put("version", old.version());
    now.forEach((f, v) -> {
      String given = in.hasNonNull(f) ? in.get(f).asText() : null;
      if (!Objects.equals(given, v)) patch.set(f, in.hasNonNull(f) ? in.get(f) : Json.NODES.nullNode());
    });
    String url = in.hasNonNull("openapi_url") ? in.get("openapi_url").asText() : null;
    if (!Objects.equals(url, old.openapiUrl())) {
      if (url != null) patch.put("openapi_url", url);
      else patch.set("openapi", in.hasNonNull("openapi") ? in.get("openapi") : Json.NODES.nullNode());
    } else if (url == null) {
      String doc = in.hasNonNull("openapi") ? in.get("openapi").asText() : null;
      if (!Objects.equals(doc, old.openapi())) patch.set("openapi", in.hasNonNull("openapi") ? in.get("openapi") : Json.NODES.nullNode());
    }
    JsonNode plans = Plan.toJson(Plan.parse(in.get("plans")));
    if (!Json.write(plans).equals(old.plans())) patch.set("plans", plans); // stored as Products writes them
    boolean auto = in.path("auto_approve").asBoolean(false) || "true".equals(in.path("auto_approve").asText());
    if (auto != old.autoApprove()) patch.put("auto_approve", auto);
    return patch;
  }

  /** A product of the file as the import writes it: created, updated (guarded and granted again) or only guarded. */
  private record Prepared(ApiProduct product, Kind kind) {
    enum Kind { CREATE, UPDATE, GUARD }
  }

  private record FileChanges(WorkspacePortals.Parts parts, List<Prepared> prepared, List<ApiProduct> gone)
      implements Changes {
    @Override
    public ObjectNode summary() {
      ObjectNode o = Json.object();
      ArrayNode created = o.putArray("created");
      ArrayNode updated = o.putArray("updated");
      ArrayNode deleted = o.putArray("deleted");
      for (Prepared p : prepared) {
        if (p.kind() == Prepared.Kind.CREATE) created.add(p.product().name());
        else if (p.kind() == Prepared.Kind.UPDATE) updated.add(p.product().name());
      }
      gone.forEach(p -> deleted.add(p.name()));
      return o;
    }

    @Override
    public void apply(StoreTransaction tx) {
      parts.transactions().join(tx, t -> {
        for (ApiProduct p : gone) {
          parts.products().delete(t, p);
        }
        for (Prepared p : prepared) {
          switch (p.kind()) {
            case CREATE -> parts.products().add(t, p.product());
            case UPDATE -> parts.products().save(t, p.product()); // guards and grants again, as a PATCH
            case GUARD -> parts.products().guard(t, p.product()); // the import may have removed guards the file did not list
          }
        }
        return null;
      });
    }
  }
}
