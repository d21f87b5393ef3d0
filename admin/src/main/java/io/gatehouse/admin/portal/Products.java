package io.gatehouse.admin.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.EntityProcessor;
import io.gatehouse.store.EntityReads;
import io.gatehouse.store.portal.ApiProduct;
import io.gatehouse.store.portal.PortalStore;
import io.gatehouse.store.portal.Subscription;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * API products: input checked field by field (Kong's schema violation shape), stored in the portal
 * tables and guarded at the proxy through {@link ProxyGrants}, the row and its guards in one store
 * transaction ({@link PortalTransactions}). Input is checked (and a document fetched) before that
 * transaction; the variants that take a {@link PortalTransactions.Tx} write in a caller's (an import's).
 */
final class Products {
  private static final Set<String> FIELDS = Set.of("name", "description", "version", "service_ids", "route_ids",
      "openapi", "openapi_url", "plans", "auto_approve", "auth");
  private static final List<String> AUTH_KINDS = List.of(ApiProduct.KEY_AUTH, ApiProduct.OAUTH2);

  private final PortalTransactions transactions;
  private final PortalStore store;
  private final ProxyGrants grants;
  private final Subscriptions subscriptions;
  private final Clock clock;
  private final OpenApiFetch fetch;

  Products(PortalTransactions transactions, ProxyGrants grants, Subscriptions subscriptions, Clock clock,
      OpenApiFetch fetch) {
    this.transactions = transactions;
    this.store = transactions.rows();
    this.grants = grants;
    this.subscriptions = subscriptions;
    this.clock = clock;
    this.fetch = fetch;
  }

  List<ApiProduct> list() {
    return store.products();
  }

  Optional<ApiProduct> find(String idOrName) {
    return store.product(idOrName);
  }

  ApiProduct create(ObjectNode in) {
    ApiProduct p = checked(transactions.entities(), in);
    return transactions.run(t -> add(t, p));
  }

  /** As {@link #create(ObjectNode)} in {@code t}, whose entities the product's references are read from. */
  ApiProduct create(PortalTransactions.Tx t, ObjectNode in) {
    return add(t, checked(t.entities(), in));
  }

  private ApiProduct add(PortalTransactions.Tx t, ApiProduct p) {
    t.rows().insertProduct(p);
    grants.guard(t.entities(), p);
    return p;
  }

  /** A new product from {@code in}, its services and routes found in {@code entities}, its document fetched. */
  private ApiProduct checked(EntityReads entities, ObjectNode in) {
    ObjectNode errors = Json.object();
    unknownFields(in, errors);
    String name = text(in, "name", errors, true);
    List<String> services = refs(entities, in, "service_ids", "services", errors);
    List<String> routes = refs(entities, in, "route_ids", "routes", errors);
    if (errors.isEmpty() && services.isEmpty() && routes.isEmpty()) {
      errors.put("service_ids", "a product needs at least one service or route (service_ids, route_ids)");
    }
    List<Plan> plans = plans(in.get("plans"), errors);
    boolean auto = bool(in, "auto_approve", false, errors);
    String description = text(in, "description", errors, false);
    String version = text(in, "version", errors, false);
    String openapi = document(in, errors);
    String url = source(in, errors);
    String auth = auth(in, errors);
    if (!errors.isEmpty()) throw KongException.schemaViolation(errors);
    long now = clock.instant().getEpochSecond();
    if (url != null) openapi = fetched(entities, url, services, routes);
    return new ApiProduct(UUID.randomUUID().toString(), name, description, version, services, routes, openapi,
        Json.write(Plan.toJson(plans)), auto, now, now, url, url == null ? 0 : now, auth);
  }

  /**
   * A PATCH: every field but the service and route lists may change (those are fixed once guarded).
   * The product's guards are written again where missing. A new {@code openapi_url} is fetched at
   * once; {@code openapi} text other than the stored document replaces it and drops its URL. The
   * approved subscriptions are granted again, so a changed tier reaches the proxy.
   */
  ApiProduct update(ApiProduct old, ObjectNode in) {
    ApiProduct p = changed(transactions.entities(), store, old, in);
    return transactions.run(t -> save(t, p));
  }

  /** As {@link #update(ApiProduct, ObjectNode)} in {@code t}. */
  ApiProduct update(PortalTransactions.Tx t, ApiProduct old, ObjectNode in) {
    return save(t, changed(t.entities(), t.rows(), old, in));
  }

  private ApiProduct save(PortalTransactions.Tx t, ApiProduct p) {
    t.rows().replaceProduct(p);
    guard(t, p);
    return p;
  }

  /** {@code old} as the PATCH {@code in} changes it (a new {@code openapi_url} fetched), not stored yet. */
  private ApiProduct changed(EntityReads entities, PortalStore rows, ApiProduct old, ObjectNode in) {
    ObjectNode errors = Json.object();
    unknownFields(in, errors);
    for (String fixed : List.of("service_ids", "route_ids")) {
      if (in.has(fixed)) errors.put(fixed, "cannot be changed once the product exists (delete and create it again)");
    }
    // the guards and the applications' tokens depend on it: the same value (a form sending it back) is fine
    if (in.has("auth")) {
      String wanted = auth(in, errors);
      if (!errors.has("auth") && !wanted.equals(old.auth())) {
        errors.put("auth", "cannot be changed once the product exists (delete and create it again)");
      }
    }
    String name = in.has("name") ? text(in, "name", errors, true) : old.name();
    String description = in.has("description") ? text(in, "description", errors, false) : old.description();
    String version = in.has("version") ? text(in, "version", errors, false) : old.version();
    String openapi = in.has("openapi") ? document(in, errors) : old.openapi();
    // a changed text replaces a fetched document; the same text (a form sending every field back) keeps its source
    String url = in.has("openapi_url") ? source(in, errors)
        : in.has("openapi") && !java.util.Objects.equals(openapi, old.openapi()) ? null : old.openapiUrl();
    long fetchedAt = url == null ? 0 : old.openapiFetchedAt();
    String plans = old.plans();
    if (in.has("plans")) {
      List<Plan> next = plans(in.get("plans"), errors);
      plans = Json.write(Plan.toJson(next));
      for (Subscription s : rows.subscriptions(null, old.id(), null)) {
        if (next.stream().noneMatch(pl -> pl.name().equals(s.plan())) && !errors.has("plans")) {
          errors.put("plans", "plan '" + s.plan() + "' has subscriptions; keep it");
        }
      }
    }
    boolean auto = in.has("auto_approve") ? bool(in, "auto_approve", false, errors) : old.autoApprove();
    if (!errors.isEmpty()) throw KongException.schemaViolation(errors);
    long now = clock.instant().getEpochSecond();
    if (url != null && in.has("openapi_url")) {
      openapi = fetched(entities, url, old.serviceIds(), old.routeIds());
      fetchedAt = now;
    }
    return new ApiProduct(old.id(), name, description, version, old.serviceIds(), old.routeIds(), openapi, plans, auto,
        old.createdAt(), now, url, fetchedAt, old.auth());
  }

  /**
   * Fetches the product's document from its {@code openapi_url} again (on demand) and keeps it; a
   * fetch that fails leaves the stored document as it was.
   *
   * @throws OpenApiFetch.Failed why no document came (the caller answers 502)
   */
  ApiProduct refetch(ApiProduct old) throws OpenApiFetch.Failed {
    if (old.openapiUrl() == null) {
      throw OpenApiFetch.invalid("the product has no openapi_url to fetch its document from");
    }
    String text = fetch.fetch(fetch.resolve(transactions.entities(), old.openapiUrl(), old.serviceIds(), old.routeIds()));
    long now = clock.instant().getEpochSecond();
    return store.replaceProduct(new ApiProduct(old.id(), old.name(), old.description(), old.version(), old.serviceIds(),
        old.routeIds(), text, old.plans(), old.autoApprove(), old.createdAt(), now, old.openapiUrl(), now, old.auth()));
  }

  /** Points the portal's CORS plugins on the product's scopes at the portal's current origins. */
  void followOrigins(ApiProduct p) {
    transactions.run(t -> {
      grants.followOrigins(t.entities(), p);
      return null;
    });
  }

  /** Revokes every approved subscription's grants, removes the guards and the rows. */
  void delete(ApiProduct p) {
    transactions.run(t -> delete(t, p));
  }

  /** As {@link #delete(ApiProduct)} in {@code t}. */
  boolean delete(PortalTransactions.Tx t, ApiProduct p) {
    subscriptions.ungrant(t, p);
    grants.unguard(t.entities(), p);
    return t.rows().deleteProduct(p.id());
  }

  static List<Plan> plans(ApiProduct p) {
    return Plan.parse(Json.parse(p.plans()));
  }

  /**
   * Writes the product's guards and its approved subscriptions' grants again where missing
   * (idempotent: puts back guards a full decK sync removed, docs/portal.md).
   */
  void guard(PortalTransactions.Tx t, ApiProduct p) {
    grants.guard(t.entities(), p);
    subscriptions.regrant(t, p);
  }

  /** The fields every product input shares (all but the service and route lists), checked. */
  static void checkFields(ObjectNode in, ObjectNode errors) {
    unknownFields(in, errors);
    text(in, "name", errors, true);
    plans(in.get("plans"), errors);
    bool(in, "auto_approve", false, errors);
    text(in, "description", errors, false);
    text(in, "version", errors, false);
    document(in, errors);
    source(in, errors);
    auth(in, errors);
  }

  // --- input ---------------------------------------------------------------------------------

  private static void unknownFields(ObjectNode in, ObjectNode errors) {
    in.fieldNames().forEachRemaining(f -> {
      if (!FIELDS.contains(f)) errors.put(f, "unknown field");
    });
  }

  private static List<Plan> plans(JsonNode node, ObjectNode errors) {
    try {
      return Plan.parse(node);
    } catch (IllegalArgumentException e) {
      errors.put("plans", e.getMessage());
      return List.of();
    }
  }

  private static String text(ObjectNode in, String field, ObjectNode errors, boolean required) {
    JsonNode v = in.get(field);
    if (v == null || v.isNull()) {
      if (required) errors.put(field, "required field missing");
      return null;
    }
    if (!v.isTextual() || (required && v.asText().isBlank())) {
      errors.put(field, required ? "expected a non-empty string" : "expected a string");
      return null;
    }
    return v.asText();
  }

  /** The {@code openapi} text, which must read as an OpenAPI or Swagger document (JSON or YAML). */
  private static String document(ObjectNode in, ObjectNode errors) {
    String text = text(in, "openapi", errors, false);
    if (text != null && OpenApiOutline.read(text) == null) {
      errors.put("openapi", "expected an OpenAPI document (a JSON or YAML object with 'openapi' or 'swagger')");
    }
    return text;
  }

  /** The {@code openapi_url}, which excludes {@code openapi} text in the same request. */
  private static String source(ObjectNode in, ObjectNode errors) {
    String url = text(in, "openapi_url", errors, false);
    if (url != null && url.isBlank()) {
      errors.put("openapi_url", "expected a URL or a path on the product's service");
      return null;
    }
    if (url != null && in.hasNonNull("openapi")) {
      errors.put("openapi_url", "give the document (openapi) or where to fetch it from (openapi_url), not both");
    }
    return url;
  }

  /** How the product's callers authenticate: {@code key-auth} (absent or null) or {@code oauth2}. */
  static String auth(ObjectNode in, ObjectNode errors) {
    JsonNode v = in.get("auth");
    if (v == null || v.isNull()) return ApiProduct.KEY_AUTH;
    if (!v.isTextual() || !AUTH_KINDS.contains(v.asText())) {
      errors.put("auth", "expected one of: " + String.join(", ", AUTH_KINDS));
      return ApiProduct.KEY_AUTH;
    }
    return v.asText();
  }

  /** The document fetched from {@code url}; a failure is a schema violation on {@code openapi_url}. */
  private String fetched(EntityReads entities, String url, List<String> services, List<String> routes) {
    try {
      return fetch.fetch(fetch.resolve(entities, url, services, routes));
    } catch (OpenApiFetch.Failed e) {
      throw OpenApiFetch.invalid(e.getMessage());
    }
  }

  private static boolean bool(ObjectNode in, String field, boolean fallback, ObjectNode errors) {
    JsonNode v = in.get(field);
    if (v == null || v.isNull()) return fallback;
    if (v.isBoolean()) return v.asBoolean();
    if (v.isTextual() && (v.asText().equals("true") || v.asText().equals("false"))) return Boolean.parseBoolean(v.asText());
    errors.put(field, "expected a boolean");
    return fallback;
  }

  /** Service or route ids or names, resolved to ids in {@code entities}. */
  private static List<String> refs(EntityReads entities, ObjectNode in, String field, String table, ObjectNode errors) {
    JsonNode v = in.get(field);
    List<String> out = new ArrayList<>();
    if (v == null || v.isNull()) return out;
    if (!v.isArray()) {
      errors.put(field, "expected an array of " + table + " ids or names");
      return out;
    }
    for (JsonNode ref : v) {
      if (!ref.isTextual()) {
        errors.put(field, "expected an array of " + table + " ids or names");
        return out;
      }
      String idOrName = ref.asText();
      Optional<ObjectNode> found = EntityProcessor.isUuid(idOrName)
          ? entities.get(table, idOrName.toLowerCase(java.util.Locale.ROOT)) : entities.findByUnique(table, "name", idOrName);
      if (found.isEmpty()) {
        errors.put(field, "no " + table.substring(0, table.length() - 1) + " with id or name '" + idOrName + "'");
      } else if (!out.contains(found.get().get("id").asText())) {
        out.add(found.get().get("id").asText());
      }
    }
    return out;
  }
}
