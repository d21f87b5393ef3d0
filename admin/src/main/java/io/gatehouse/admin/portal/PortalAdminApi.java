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
  private final WorkspacePortals portals;

  /** @param portals each workspace's portal: {@code /{workspace}/portal/…} manages that workspace's */
  PortalAdminApi(WorkspacePortals portals) {
    this.portals = portals;
  }

  void register(RouteTable routes) {
    String product = "/portal/products/{portal_products}";
    routes.add("/portal/products", "GET", (req, p) -> ok(PortalJson.page(portals.of(p).products().list(), x -> PortalJson.product(x, false))))
        .add("/portal/products", "POST", (req, p) -> AdminResponse.json(201, PortalJson.product(portals.of(p).products().create(body(req)), true)))
        .add(product, "GET", (req, p) -> portals.of(p).products().find(p.get("portal_products"))
            .map(x -> ok(PortalJson.product(x, true))).orElse(AdminResponse.notFound()))
        .add(product, "PATCH", (req, p) -> portals.of(p).products().find(p.get("portal_products"))
            .map(x -> ok(PortalJson.product(portals.of(p).products().update(x, body(req)), true))) // regrants too
            .orElse(AdminResponse.notFound()))
        .add(product + "/openapi/fetch", "POST", (req, p) -> portals.of(p).products().find(p.get("portal_products")).map(x -> {
          try {
            return ok(PortalJson.product(portals.of(p).products().refetch(x), true));
          } catch (OpenApiFetch.Failed e) { // the document's source failed, not the request: Kong's bad gateway
            return AdminResponse.message(502, "Cannot fetch the OpenAPI document: " + e.getMessage());
          }
        }).orElse(AdminResponse.notFound()))
        .add(product, "DELETE", (req, p) -> portals.of(p).products().find(p.get("portal_products")).map(x -> {
          portals.of(p).products().delete(x);
          return AdminResponse.empty(204);
        }).orElse(AdminResponse.notFound()));

    String developer = "/portal/developers/{portal_developers}";
    routes.add("/portal/developers", "GET", (req, p) -> ok(PortalJson.page(portals.of(p).accounts().developers(), PortalJson::developer)))
        .add(developer, "GET", (req, p) -> portals.of(p).accounts().developer(p.get("portal_developers"))
            .map(d -> ok(PortalJson.developer(d))).orElse(AdminResponse.notFound()))
        .add(developer, "PATCH", (req, p) -> portals.of(p).accounts().developer(p.get("portal_developers"))
            .map(d -> ok(PortalJson.developer(portals.of(p).accounts().decide(d, status(body(req), DeveloperStatus::parse,
                DeveloperStatus.values()))))).orElse(AdminResponse.notFound()))
        .add(developer, "DELETE", (req, p) -> { // with its applications, their consumers and grants
          portals.of(p).accounts().developer(p.get("portal_developers")).ifPresent(portals.of(p).accounts()::deleteDeveloper);
          return AdminResponse.empty(204);
        });

    routes.add("/portal/applications", "GET", (req, p) -> ok(PortalJson.page(
        portals.of(p).accounts().applicationsOf(req.queryParam("developer")), PortalJson::application)));
    String application = "/portal/applications/{portal_applications}";
    routes.add(application, "GET", (req, p) -> portals.of(p).accounts().application(p.get("portal_applications"))
            .map(a -> ok(PortalJson.application(a))).orElse(AdminResponse.notFound()))
        .add(application, "DELETE", (req, p) -> {
          portals.of(p).accounts().application(p.get("portal_applications")).ifPresent(portals.of(p).accounts()::deleteApplication);
          return AdminResponse.empty(204);
        });

    String subscription = "/portal/subscriptions/{portal_subscriptions}";
    routes.add("/portal/subscriptions", "GET", (req, p) -> ok(PortalJson.page(portals.of(p).subscriptions().list(
            req.queryParam("application"), productId(req.queryParam("product"), p),
            req.queryParam("status") == null ? null : status(Json.object().put("status", req.queryParam("status")),
                SubscriptionStatus::parse, SubscriptionStatus.values())),
            PortalJson::subscription)))
        .add(subscription, "GET", (req, p) -> portals.of(p).subscriptions().find(p.get("portal_subscriptions"))
            .map(s -> ok(PortalJson.subscription(s))).orElse(AdminResponse.notFound()))
        .add(subscription, "PATCH", (req, p) -> portals.of(p).subscriptions().find(p.get("portal_subscriptions")).map(s -> {
          ObjectNode in = body(req);
          // checked before anything changes, so a bad status leaves the plan as it was
          SubscriptionStatus next = in.has("status") || !in.has("plan")
              ? status(in, SubscriptionStatus::parse, SubscriptionStatus.values()) : null;
          var out = in.has("plan") ? portals.of(p).subscriptions().changePlan(s, Json.text(in, "plan")) : s; // at once, any state
          return ok(PortalJson.subscription(next == null ? out : portals.of(p).subscriptions().decide(out, next)));
        }).orElse(AdminResponse.notFound()));
  }

  private String productId(String idOrName, java.util.Map<String, String> p) {
    return idOrName == null ? null : portals.of(p).products().find(idOrName).map(x -> x.id()).orElse(idOrName);
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
