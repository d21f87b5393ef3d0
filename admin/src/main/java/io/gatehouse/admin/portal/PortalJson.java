package io.gatehouse.admin.portal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.store.portal.ApiProduct;
import io.gatehouse.store.portal.Application;
import io.gatehouse.store.portal.Developer;
import io.gatehouse.store.portal.Subscription;
import java.util.List;
import java.util.function.Function;

/** The JSON shapes of the portal's rows (snake_case, epoch seconds, as Kong's entities). */
final class PortalJson {
  private PortalJson() {}

  static ObjectNode product(ApiProduct p, boolean withDocument) {
    ObjectNode o = Json.object().put("id", p.id()).put("name", p.name()).put("description", p.description())
        .put("version", p.version());
    ArrayNode services = o.putArray("service_ids");
    p.serviceIds().forEach(services::add);
    ArrayNode routes = o.putArray("route_ids");
    p.routeIds().forEach(routes::add);
    o.set("plans", Json.parse(p.plans()));
    o.put("auto_approve", p.autoApprove());
    o.put("auth", p.auth());
    o.put("has_openapi", p.openapi() != null);
    o.put("openapi_url", p.openapiUrl());
    if (p.openapiFetchedAt() == 0) o.putNull("openapi_fetched_at");
    else o.put("openapi_fetched_at", p.openapiFetchedAt());
    // the last try (on create, PATCH, on demand or on the schedule) and why it failed, if it did
    if (p.openapiUrl() == null || p.openapiCheckedAt() == 0) o.putNull("openapi_checked_at");
    else o.put("openapi_checked_at", p.openapiCheckedAt());
    o.put("openapi_fetch_error", p.openapiFetchError());
    if (withDocument) {
      o.put("openapi", p.openapi());
      o.set("outline", OpenApiOutline.of(p.openapi()));
    }
    return o.put("created_at", p.createdAt()).put("updated_at", p.updatedAt());
  }

  static ObjectNode developer(Developer d) {
    return Json.object().put("id", d.id()).put("email", d.email()).put("status", d.status().jsonName())
        .put("created_at", d.createdAt()).put("updated_at", d.updatedAt());
  }

  static ObjectNode application(Application a) {
    ObjectNode o = Json.object().put("id", a.id()).put("name", a.name());
    o.set("developer", Json.object().put("id", a.developerId()));
    o.set("consumer", Json.object().put("id", a.consumerId()));
    return o.put("created_at", a.createdAt()).put("updated_at", a.updatedAt());
  }

  /** An application with what it authenticates with, in clear: {@code key}, and {@code client_id}/{@code client_secret}. */
  static ObjectNode withCredentials(ObjectNode application, ProxyGrants.Credentials c) {
    application.put("key", c.key());
    if (c.oauth2() != null) {
      application.put("client_id", c.oauth2().clientId()).put("client_secret", c.oauth2().clientSecret());
    }
    return application;
  }

  static ObjectNode subscription(Subscription s) {
    ObjectNode o = Json.object().put("id", s.id());
    o.set("application", Json.object().put("id", s.applicationId()));
    o.set("product", Json.object().put("id", s.productId()));
    o.put("plan", s.plan()).put("status", s.status().jsonName()).put("created_at", s.createdAt())
        .put("updated_at", s.updatedAt());
    if (s.decidedAt() == 0) o.putNull("decided_at");
    else o.put("decided_at", s.decidedAt());
    return o;
  }

  /** Kong's listing shape: everything on one page ({@code next} is null). */
  static <T> ObjectNode page(List<T> rows, Function<T, ObjectNode> render) {
    ObjectNode out = Json.object();
    ArrayNode data = out.putArray("data");
    rows.forEach(r -> data.add(render.apply(r)));
    out.putNull("next");
    return out;
  }
}
