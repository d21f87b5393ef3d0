package io.gatehouse.admin.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.admin.http.AdminRequest;
import io.gatehouse.admin.http.AdminResponse;
import io.gatehouse.admin.http.BodyParser;
import io.gatehouse.admin.http.RouteTable;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.store.portal.DeveloperStatus;
import io.gatehouse.store.portal.SubscriptionStatus;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The operator's side of the portal on the Admin API, under {@code /portal}: products (CRUD),
 * developers and subscriptions (list, decide with {@code PATCH {"status": …}}), applications (list).
 * These are ordinary Admin API routes, so the RBAC filter and the audit log cover them.
 */
final class PortalAdminApi {
  private final Products products;
  private final Accounts accounts;
  private final Subscriptions subscriptions;

  PortalAdminApi(Products products, Accounts accounts, Subscriptions subscriptions) {
    this.products = products;
    this.accounts = accounts;
    this.subscriptions = subscriptions;
  }

  void register(RouteTable routes) {
    String product = "/portal/products/{portal_products}";
    routes.add("/portal/products", "GET", (req, p) -> ok(PortalJson.page(products.list(), x -> PortalJson.product(x, false))))
        .add("/portal/products", "POST", (req, p) -> AdminResponse.json(201, PortalJson.product(products.create(body(req)), true)))
        .add(product, "GET", (req, p) -> products.find(p.get("portal_products"))
            .map(x -> ok(PortalJson.product(x, true))).orElse(AdminResponse.notFound()))
        .add(product, "PATCH", (req, p) -> products.find(p.get("portal_products"))
            .map(x -> {
              var updated = products.update(x, body(req));
              subscriptions.regrant(updated); // a changed plan tier reaches the proxy
              return ok(PortalJson.product(updated, true));
            }).orElse(AdminResponse.notFound()))
        .add(product + "/openapi/fetch", "POST", (req, p) -> products.find(p.get("portal_products")).map(x -> {
          try {
            return ok(PortalJson.product(products.refetch(x), true));
          } catch (OpenApiFetch.Failed e) { // the document's source failed, not the request: Kong's bad gateway
            return AdminResponse.message(502, "Cannot fetch the OpenAPI document: " + e.getMessage());
          }
        }).orElse(AdminResponse.notFound()))
        .add(product, "DELETE", (req, p) -> products.find(p.get("portal_products")).map(x -> {
          products.delete(x, subscriptions);
          return AdminResponse.empty(204);
        }).orElse(AdminResponse.notFound()));

    String developer = "/portal/developers/{portal_developers}";
    routes.add("/portal/developers", "GET", (req, p) -> ok(PortalJson.page(accounts.developers(), PortalJson::developer)))
        .add(developer, "GET", (req, p) -> accounts.developer(p.get("portal_developers"))
            .map(d -> ok(PortalJson.developer(d))).orElse(AdminResponse.notFound()))
        .add(developer, "PATCH", (req, p) -> accounts.developer(p.get("portal_developers"))
            .map(d -> ok(PortalJson.developer(accounts.decide(d, status(body(req), DeveloperStatus::parse,
                DeveloperStatus.values()))))).orElse(AdminResponse.notFound()));

    routes.add("/portal/applications", "GET", (req, p) -> ok(PortalJson.page(
        accounts.applicationsOf(req.queryParam("developer")), PortalJson::application)));

    String subscription = "/portal/subscriptions/{portal_subscriptions}";
    routes.add("/portal/subscriptions", "GET", (req, p) -> ok(PortalJson.page(subscriptions.list(
            req.queryParam("application"), productId(req.queryParam("product")),
            req.queryParam("status") == null ? null : status(Json.object().put("status", req.queryParam("status")),
                SubscriptionStatus::parse, SubscriptionStatus.values())),
            PortalJson::subscription)))
        .add(subscription, "GET", (req, p) -> subscriptions.find(p.get("portal_subscriptions"))
            .map(s -> ok(PortalJson.subscription(s))).orElse(AdminResponse.notFound()))
        .add(subscription, "PATCH", (req, p) -> subscriptions.find(p.get("portal_subscriptions"))
            .map(s -> ok(PortalJson.subscription(subscriptions.decide(s, status(body(req), SubscriptionStatus::parse,
                SubscriptionStatus.values()))))).orElse(AdminResponse.notFound()));
  }

  private String productId(String idOrName) {
    return idOrName == null ? null : products.find(idOrName).map(x -> x.id()).orElse(idOrName);
  }

  private static AdminResponse ok(JsonNode body) {
    return AdminResponse.json(200, body);
  }

  static ObjectNode body(AdminRequest req) {
    return BodyParser.decode(req).body();
  }

  /** The {@code status} field of a decision; Kong's schema violation naming the accepted words otherwise. */
  static <E extends Enum<E>> E status(ObjectNode body, Function<String, E> parse, E[] values) {
    JsonNode v = body.get("status");
    String expected = "expected one of: " + String.join(", ", Arrays.stream(values).map(e -> e.name().toLowerCase(java.util.Locale.ROOT)).toList());
    if (v == null || !v.isTextual()) {
      throw KongException.schemaViolation(Json.object().put("status", v == null ? "required field missing" : expected));
    }
    try {
      return parse.apply(v.asText());
    } catch (IllegalArgumentException e) {
      throw KongException.schemaViolation(Json.object().put("status", expected));
    }
  }
}
