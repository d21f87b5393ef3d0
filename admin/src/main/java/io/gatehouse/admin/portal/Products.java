package io.gatehouse.admin.portal;

import static io.gatehouse.admin.portal.ProductInput.auth;
import static io.gatehouse.admin.portal.ProductInput.bool;
import static io.gatehouse.admin.portal.ProductInput.document;
import static io.gatehouse.admin.portal.ProductInput.refs;
import static io.gatehouse.admin.portal.ProductInput.source;
import static io.gatehouse.admin.portal.ProductInput.text;
import static io.gatehouse.admin.portal.ProductInput.unknownFields;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.store.EntityReads;
import io.gatehouse.store.portal.ApiProduct;
import io.gatehouse.store.portal.PortalStore;
import io.gatehouse.store.portal.Subscription;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * API products: input checked field by field (Kong's schema violation shape), stored in the portal
 * tables and guarded at the proxy through {@link ProxyGrants}, the row and its guards in one store
 * transaction ({@link PortalTransactions}). Input is checked (and a document fetched) before that
 * transaction, never in it; the methods that take a {@link PortalTransactions.Tx} write in a caller's
 * (an import's).
 */
final class Products {
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

  /** Writes a {@link #checked} product and its guards in {@code t}. */
  ApiProduct add(PortalTransactions.Tx t, ApiProduct p) {
    t.rows().insertProduct(p);
    grants.guard(t.entities(), p);
    return p;
  }

  /** A new product from {@code in}, its services and routes found in {@code entities}, its document fetched. */
  ApiProduct checked(EntityReads entities, ObjectNode in) {
    ObjectNode errors = Json.object();
    unknownFields(in, errors);
    String name = text(in, "name", errors, true);
    List<String> services = refs(entities, in, "service_ids", "services", errors);
    List<String> routes = refs(entities, in, "route_ids", "routes", errors);
    if (errors.isEmpty() && services.isEmpty() && routes.isEmpty()) {
      errors.put("service_ids", "a product needs at least one service or route (service_ids, route_ids)");
    }
    List<Plan> plans = ProductInput.plans(in.get("plans"), errors);
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
    ApiProduct p = changed(transactions.entities(), old, in);
    return transactions.run(t -> save(t, p));
  }

  /** Writes a {@link #changed} product in {@code t}, with its guards and grants again. */
  ApiProduct save(PortalTransactions.Tx t, ApiProduct p) {
    t.rows().replaceProduct(p);
    guard(t, p);
    return p;
  }

  /**
   * {@code old} as the PATCH {@code in} changes it (a new {@code openapi_url} fetched, its service
   * found in {@code entities}), not stored yet.
   */
  ApiProduct changed(EntityReads entities, ApiProduct old, ObjectNode in) {
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
      List<Plan> next = ProductInput.plans(in.get("plans"), errors);
      plans = Json.write(Plan.toJson(next));
      for (Subscription s : store.subscriptions(null, old.id(), null)) {
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
    boolean tried = url == null || in.has("openapi_url"); // a new source starts a clean record
    return new ApiProduct(old.id(), name, description, version, old.serviceIds(), old.routeIds(), openapi, plans, auto,
        old.createdAt(), now, url, fetchedAt, old.auth(), tried ? fetchedAt : old.openapiCheckedAt(),
        tried ? null : old.openapiFetchError());
  }

  /**
   * Fetches the product's document from its {@code openapi_url} again (on demand, or on the
   * schedule: {@link OpenApiRefresher}) and records the outcome on its row: a new document is kept
   * (and {@code updated_at} moves only when it changed); a fetch that fails leaves the stored
   * document as it was and keeps why in {@code openapi_fetch_error}.
   *
   * @return the product as stored now
   * @throws OpenApiFetch.Failed why no document came (the Admin API answers 502)
   */
  ApiProduct refetch(ApiProduct old) throws OpenApiFetch.Failed {
    String url = old.openapiUrl();
    if (url == null) {
      throw OpenApiFetch.invalid("the product has no openapi_url to fetch its document from");
    }
    String text;
    try {
      text = fetch.fetch(fetch.resolve(transactions.entities(), url, old.serviceIds(), old.routeIds()));
    } catch (OpenApiFetch.Failed e) {
      if (!Thread.currentThread().isInterrupted()) { // the node stopping is not the source's fault
        store.openApiFetchFailed(old.id(), url, e.getMessage(), clock.instant().getEpochSecond());
      }
      throw e;
    } catch (KongException e) { // the path no longer resolves (its service was deleted or changed): 400 on demand
      store.openApiFetchFailed(old.id(), url, e.getMessage(), clock.instant().getEpochSecond());
      throw e;
    }
    store.openApiFetched(old.id(), url, text, clock.instant().getEpochSecond());
    return store.product(old.id()).orElse(old);
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


  /** The document fetched from {@code url}; a failure is a schema violation on {@code openapi_url}. */
  private String fetched(EntityReads entities, String url, List<String> services, List<String> routes) {
    try {
      return fetch.fetch(fetch.resolve(entities, url, services, routes));
    } catch (OpenApiFetch.Failed e) {
      throw OpenApiFetch.invalid(e.getMessage());
    }
  }

}
