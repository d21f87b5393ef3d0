package io.gatehouse.admin.portal;

import io.gatehouse.admin.http.WorkspaceRef;
import io.gatehouse.core.schema.EntityProcessor;
import io.gatehouse.core.schema.SchemaRegistry;
import io.gatehouse.store.ConfigStore;
import io.gatehouse.store.WorkspaceView;
import io.gatehouse.store.portal.PortalStore;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * One portal per workspace: its products, developers, applications and subscriptions are the
 * workspace's portal rows ({@link PortalStore#in}), and the consumers, keys and grants it writes are
 * entities of that workspace ({@link WorkspaceView}), so the proxy enforces them on that
 * workspace's services and routes. Handlers find theirs from the request's {@link WorkspaceRef}.
 */
final class WorkspacePortals {
  /** What one workspace's portal is made of. */
  record Parts(PortalTransactions transactions, Products products, Accounts accounts, Subscriptions subscriptions,
      TryIt tryIt) {}

  private final PortalStore store;
  private final ConfigStore config;
  private final SchemaRegistry registry;
  private final Clock clock;
  private final boolean autoApproveDevelopers;
  private final DocsSettings docs;
  private final Map<String, Parts> byWorkspace = new ConcurrentHashMap<>();
  // a workspace's own portal_auto_approve (its config), when it sets one
  private volatile java.util.function.Function<String, java.util.Optional<Boolean>> workspaceAutoApprove =
      id -> java.util.Optional.empty();

  WorkspacePortals(PortalStore store, ConfigStore config, SchemaRegistry registry, Clock clock,
      boolean autoApproveDevelopers, DocsSettings docs) {
    this.store = store;
    this.config = config;
    this.registry = registry;
    this.clock = clock;
    this.autoApproveDevelopers = autoApproveDevelopers;
    this.docs = docs;
  }

  /** Where a workspace's own {@code portal_auto_approve} is read (empty: the node's setting counts). */
  void workspaceAutoApprove(java.util.function.Function<String, java.util.Optional<Boolean>> lookup) {
    this.workspaceAutoApprove = lookup;
  }

  /** The portal of the workspace a request addresses (its captures). */
  Parts of(Map<String, String> params) {
    return in(WorkspaceRef.of(params).id());
  }

  Parts in(String wsId) {
    return byWorkspace.computeIfAbsent(wsId, id -> {
      // the default workspace's entities are the store's own rows, as before workspaces had portals
      WorkspaceView view = id.equals(WorkspaceRef.DEFAULT.id()) ? null : new WorkspaceView(config, id);
      ConfigStore entities = view == null ? config : view;
      PortalTransactions transactions = new PortalTransactions(store.in(id), entities,
          view == null ? UnaryOperator.identity() : view::scope);
      ProxyGrants grants = new ProxyGrants(registry, new EntityProcessor(clock), () -> docs.portalOrigins().forCors(id));
      Subscriptions subscriptions = new Subscriptions(transactions, grants, clock);
      Products products = new Products(transactions, grants, subscriptions, clock,
          new OpenApiFetch(docs.fetchTimeout(), docs.fetchMaxBytes()));
      return new Parts(transactions, products, new Accounts(transactions, grants, clock,
          () -> workspaceAutoApprove.apply(id).orElse(autoApproveDevelopers)), subscriptions, new TryIt(entities, docs));
    });
  }
}
