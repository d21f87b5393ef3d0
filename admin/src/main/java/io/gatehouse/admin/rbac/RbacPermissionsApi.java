package io.gatehouse.admin.rbac;

import io.gatehouse.admin.http.AdminRequest;
import io.gatehouse.admin.http.AdminResponse;
import io.gatehouse.admin.http.RouteTable;
import io.gatehouse.admin.http.WorkspaceRef;
import io.gatehouse.core.schema.EntityProcessor;
import io.gatehouse.store.rbac.EndpointPermission;
import io.gatehouse.store.rbac.EntityPermission;
import io.gatehouse.store.rbac.RbacRole;
import io.gatehouse.store.rbac.RbacStore;
import io.gatehouse.store.rbac.Workspaces;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A role's endpoint permissions ({@code /rbac/roles/{r}/endpoints}, one addressed as
 * {@code …/endpoints/{workspace}/{endpoint path}}) and entity permissions
 * ({@code /rbac/roles/{r}/entities[/{entity_id}]}).
 */
final class RbacPermissionsApi {
  private static final Set<String> ENDPOINT_FIELDS = Set.of("workspace", "endpoint", "actions", "negative", "comment");
  private static final Set<String> ENTITY_FIELDS = Set.of("entity_id", "actions", "negative", "comment");
  private static final String ONE_ENDPOINT = "/rbac/roles/{rbac_roles}/endpoints/{workspace}/{endpoint*}";
  private static final String ONE_ENTITY = "/rbac/roles/{rbac_roles}/entities/{entity_id}";

  private final RbacStore store;
  private final EntityTargets targets;
  private final Clock clock;

  RbacPermissionsApi(RbacStore store, EntityTargets targets, Clock clock) {
    this.store = store;
    this.targets = targets;
    this.clock = clock;
  }

  void register(RouteTable routes) {
    routes.add("/rbac/roles/{rbac_roles}/endpoints", "GET", (req, p) -> withRole(p, r -> AdminResponse.json(200,
            RbacJson.page(store.permissions().endpoints(List.of(r.id())), RbacJson::endpoint))))
        .add("/rbac/roles/{rbac_roles}/endpoints", "POST", (req, p) -> withRole(p, r -> addEndpoint(r, req, WorkspaceRef.of(p))))
        .add(ONE_ENDPOINT, "GET", (req, p) -> withRole(p, r -> endpoint(r, p)
            .map(e -> AdminResponse.json(200, RbacJson.endpoint(e))).orElse(AdminResponse.notFound())))
        .add(ONE_ENDPOINT, "PATCH", (req, p) -> withRole(p, r -> endpoint(r, p)
            .map(e -> updateEndpoint(e, req)).orElse(AdminResponse.notFound())))
        .add(ONE_ENDPOINT, "DELETE", (req, p) -> withRole(p, r -> {
          store.permissions().deleteEndpoint(r.id(), p.get("workspace"), endpointOf(p.get("endpoint")));
          return AdminResponse.empty(204);
        }))
        .add("/rbac/roles/{rbac_roles}/entities", "GET", (req, p) -> withRole(p, r -> AdminResponse.json(200,
            RbacJson.page(store.permissions().entities(List.of(r.id())), RbacJson::entity))))
        .add("/rbac/roles/{rbac_roles}/entities", "POST", (req, p) -> withRole(p, r -> addEntity(r, req, WorkspaceRef.of(p))))
        .add(ONE_ENTITY, "GET", (req, p) -> withRole(p, r -> store.permissions().findEntity(r.id(), p.get("entity_id"))
            .map(e -> AdminResponse.json(200, RbacJson.entity(e))).orElse(AdminResponse.notFound())))
        .add(ONE_ENTITY, "PATCH", (req, p) -> withRole(p, r -> store.permissions().findEntity(r.id(), p.get("entity_id"))
            .map(e -> updateEntity(e, req)).orElse(AdminResponse.notFound())))
        .add(ONE_ENTITY, "DELETE", (req, p) -> withRole(p, r -> {
          store.permissions().deleteEntity(r.id(), p.get("entity_id"));
          return AdminResponse.empty(204);
        }));
  }

  // --- endpoints -------------------------------------------------------------------------

  /**
   * A role of the default workspace may grant in any workspace ({@code *} or a name); a role of
   * another workspace only in its own, so a team's admin cannot widen its reach.
   */
  private AdminResponse addEndpoint(RbacRole r, AdminRequest req, WorkspaceRef ws) {
    RbacInput in = RbacInput.of(req, ENDPOINT_FIELDS);
    String workspace = in.text("workspace") == null ? ws.name() : in.text("workspace");
    if (!ws.isDefault() && !workspace.equals(ws.name())) {
      throw RbacInput.violation("workspace", "a role of workspace '" + ws.name() + "' grants only in '" + ws.name() + "'");
    }
    if (!workspace.equals(Workspaces.ANY) && store.workspaces().find(workspace).filter(w -> w.name().equals(workspace)).isEmpty()) {
      throw RbacInput.violation("workspace", "no workspace named '" + workspace + "'");
    }
    String endpoint = in.required("endpoint");
    if (!endpoint.equals("*") && !endpoint.startsWith("/")) {
      throw RbacInput.violation("endpoint", "expected '*' or a path starting with '/'");
    }
    if (endpoint.length() > 1 && endpoint.endsWith("/")) {
      endpoint = endpoint.substring(0, endpoint.length() - 1);
    }
    long now = clock.millis() / 1000;
    EndpointPermission p = store.permissions().insertEndpoint(new EndpointPermission(r.id(), workspace, endpoint,
        in.actions(), in.bool("negative", false), in.text("comment"), now, now));
    return AdminResponse.json(201, RbacJson.endpoint(p));
  }

  private AdminResponse updateEndpoint(EndpointPermission e, AdminRequest req) {
    RbacInput in = RbacInput.of(req, Set.of("actions", "negative", "comment"));
    EndpointPermission changed = new EndpointPermission(e.roleId(), e.workspace(), e.endpoint(),
        in.has("actions") ? in.actions() : e.actions(), in.bool("negative", e.negative()),
        in.has("comment") ? in.text("comment") : e.comment(), e.createdAt(), clock.millis() / 1000);
    return AdminResponse.json(200, RbacJson.endpoint(store.permissions().updateEndpoint(changed)));
  }

  private java.util.Optional<EndpointPermission> endpoint(RbacRole r, Map<String, String> params) {
    return store.permissions().findEndpoint(r.id(), params.get("workspace"), endpointOf(params.get("endpoint")));
  }

  /** The endpoint a URL's tail names: {@code *} itself, or the tail as a path ({@code services/*} → {@code /services/*}). */
  private static String endpointOf(String tail) {
    return tail.equals("*") ? "*" : "/" + tail;
  }

  // --- entities --------------------------------------------------------------------------

  /**
   * An entity permission names an entity of the role's own workspace (Kong Enterprise keeps entity
   * permissions per workspace); an id of another workspace is refused as an unknown one would be.
   */
  private AdminResponse addEntity(RbacRole r, AdminRequest req, WorkspaceRef ws) {
    RbacInput in = RbacInput.of(req, ENTITY_FIELDS);
    String id = in.required("entity_id");
    String type;
    if (id.equals(EntityRules.WILDCARD)) {
      type = "wildcard";
    } else if (!EntityProcessor.isUuid(id)) {
      throw RbacInput.violation("entity_id", "expected a UUID or '*'");
    } else {
      id = id.toLowerCase(Locale.ROOT);
      String given = id;
      type = targets.tableOf(id, r.wsId()).orElseThrow(() -> RbacInput.violation("entity_id",
          "no entity with id '" + given + "' in workspace '" + ws.name() + "'"));
    }
    long now = clock.millis() / 1000;
    EntityPermission p = store.permissions().insertEntity(new EntityPermission(r.id(), id, type, in.actions(),
        in.bool("negative", false), in.text("comment"), now, now));
    return AdminResponse.json(201, RbacJson.entity(p));
  }

  private AdminResponse updateEntity(EntityPermission e, AdminRequest req) {
    RbacInput in = RbacInput.of(req, Set.of("actions", "negative", "comment"));
    EntityPermission changed = new EntityPermission(e.roleId(), e.entityId(), e.entityType(),
        in.has("actions") ? in.actions() : e.actions(), in.bool("negative", e.negative()),
        in.has("comment") ? in.text("comment") : e.comment(), e.createdAt(), clock.millis() / 1000);
    return AdminResponse.json(200, RbacJson.entity(store.permissions().updateEntity(changed)));
  }

  private AdminResponse withRole(Map<String, String> params, Function<RbacRole, AdminResponse> then) {
    return store.roles().find(WorkspaceRef.of(params).id(), params.get("rbac_roles")).map(then).orElse(AdminResponse.notFound());
  }
}
