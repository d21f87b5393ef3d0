package io.gatehouse.app;

import io.gatehouse.admin.http.AdminHttpServer;
import io.gatehouse.admin.http.WorkspaceRef;
import io.gatehouse.admin.portal.DocsSettings;
import io.gatehouse.admin.portal.Portal;
import io.gatehouse.admin.portal.PortalAuth;
import io.gatehouse.admin.portal.PortalOrigins;
import io.gatehouse.core.json.Json;
import io.gatehouse.store.rbac.WorkspaceRows;
import io.gatehouse.app.settings.Database;
import io.gatehouse.app.settings.Listener;
import io.gatehouse.app.settings.Settings;
import io.gatehouse.core.schema.SchemaRegistry;
import io.gatehouse.proxy.ProxyServer;
import io.gatehouse.store.ConfigStore;
import io.gatehouse.store.portal.PortalStore;
import io.gatehouse.store.postgres.PostgresConfigStore;
import io.gatehouse.store.sqlite.SqliteConfigStore;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The developer portal from the settings ({@code portal}, {@code portal_gui_listen},
 * {@code portal_api_listen}, {@code portal_auto_approve}, {@code proxy_url}, {@code portal_openapi_*},
 * and where browsers reach it: {@link PublicPortal}):
 * its tables, the pages and the developers' API. Off by default; it needs a database (its rows are not configuration), so a DB-less node refuses it.
 */
final class PortalListeners {
  private PortalListeners() {}

  /** The node's portal with its listeners started, or null when {@code portal} is off. */
  static @Nullable Portal start(Node node, Settings settings, ConfigStore config, SchemaRegistry registry,
      boolean databaseDown, io.gatehouse.admin.analytics.@Nullable CallLog analytics,
      io.gatehouse.admin.rbac.@Nullable Rbac rbac) {
    if (!Boolean.TRUE.equals(settings.bool("portal"))) {
      if (rbac != null) rbac.withWorkspaceConfigCheck(lenientAuth(settings)::check);
      return null;
    }
    if (settings.database() == Database.OFF) {
      throw new IllegalStateException("portal = on needs a database: developers, applications and subscriptions are"
          + " kept in it, and a DB-less node (database = off) has none; use database = sqlite or postgres");
    }
    if (databaseDown) {
      throw new IllegalStateException("portal = on needs the database at start; it does not answer");
    }
    Integer refreshSetting = settings.integer("portal_openapi_refresh_interval");
    int refresh = refreshSetting == null ? 0 : refreshSetting;
    if (refresh < 0) {
      throw new IllegalArgumentException("portal_openapi_refresh_interval must be 0 (off) or a number of seconds: " + refresh);
    }
    PortalStore store = node.add("portal tables", settings.database() == Database.SQLITE
        ? SqliteConfigStore.portal(settings.sqliteFile())
        : PostgresConfigStore.portal(GatehouseWiring.postgresSettings(settings)));
    List<String> guiOrigins = new ArrayList<>(); // filled as the pages listen, before any product is written
    PublicPortal pub = PublicPortal.of(settings);
    WorkspaceRows wsRows = rbac == null ? null : rbac.workspaces();
    PortalOrigins origins = new PortalOrigins(pub.corsOrigins(), pub.guiOrigin(), () -> List.copyOf(guiOrigins),
        wsRows == null ? id -> List.of() : id -> wsRows.find(id).map(w -> PublicPortal.corsOrigins(config(w.config())))
            .orElse(List.of()));
    Portal portal = Portal.create(store, config, registry, Clock.systemUTC(),
        Boolean.TRUE.equals(settings.bool("portal_auto_approve")), analytics, docsSettings(node, settings, origins));
    portal.withApiHosts(pub.apiHosts());
    // the node's login for developers; a workspace's config may set its own (checked when it is written)
    PortalAuth auth = PortalAuth.node(settings.string("portal_auth"), settings.string("portal_auth_conf"));
    portal.withAuth(auth);
    WorkspaceRef.Resolver portalWorkspaces = rbac == null ? WorkspaceRef.Resolver.DEFAULT_ONLY
        : portalWorkspaces(rbac.workspaces());
    if (rbac != null) {
      WorkspaceRows rows = rbac.workspaces();
      portal.withWorkspaceConfig(wsId -> rows.find(wsId).map(w -> config(w.config())).orElseGet(Json::object));
      rbac.withWorkspaceConfigCheck(auth::check);
      // a workspace's portal_cors_origins changed: its products' cors plugins follow
      rbac.onWorkspaceChange((before, after) -> {
        if (!PublicPortal.corsOrigins(config(before.config())).equals(PublicPortal.corsOrigins(config(after.config())))) {
          portal.followPortalOrigins(after.id());
        }
      });
    }
    List<Listener> api = settings.listeners("portal_api_listen");
    List<Listener> gui = settings.listeners("portal_gui_listen");
    // the pages call the API's first plain listener, or its first TLS one from an https page (bound below)
    int[] apiPorts = {firstPort(api, false), firstPort(api, true)};
    var guiTls = GatehouseWiring.listenerTls(settings, gui, "portal_gui_");
    for (Listener l : gui) {
      AdminHttpServer server = node.add("portal GUI " + l.authority() + (l.ssl() ? " ssl" : ""), GatehouseWiring.listening("portal_gui_listen",
          List.of(l), () -> io.gatehouse.portal.PortalGui.start(l.host(), l.port(), () -> apiPorts[0], () -> apiPorts[1],
              name -> portalWorkspaces.find(name).isPresent(), l.ssl() ? guiTls : null, pub.apiUrl(), pub.guiHosts())));
      guiOrigins.addAll(ManagerListeners.originsOf(l.ssl() ? "https" : "http", l.host(), server.address()));
    }
    var apiTls = GatehouseWiring.listenerTls(settings, api, "portal_api_");
    boolean[] bound = {false, false};
    for (Listener l : api) {
      AdminHttpServer server = node.add("portal API " + l.authority() + (l.ssl() ? " ssl" : ""), GatehouseWiring.listening("portal_api_listen",
          List.of(l), () -> portal.startApi(l.host(), l.port(), guiOrigins, portalWorkspaces, l.ssl() ? apiTls : null)));
      int kind = l.ssl() ? 1 : 0;
      if (!bound[kind]) { // port 0 binds a free one
        apiPorts[kind] = server.address().getPort();
        bound[kind] = true;
      }
    }
    if (refresh > 0) {
      node.add("portal OpenAPI refresh", portal.startOpenApiRefresh(Duration.ofSeconds(refresh)));
    }
    portal.followPortalOrigins();
    if (wsRows != null) { // the other workspaces' portals follow too (settings or listeners changed since)
      wsRows.list().stream().filter(w -> !w.isDefault() && portalOn(w.config())).forEach(w -> portal.followPortalOrigins(w.id()));
    }
    return portal;
  }

  /**
   * {@code {vault://…}} references in {@code portal_auth_conf}'s {@code client_secret}, read at each
   * login through the node's vaults (those the {@code vaults} setting enables): a vault kind by name
   * ({@code {vault://env/NAME}}), or a vault entity by its prefix, as the proxy's snapshot resolves
   * them (a prefix is unique across workspaces, Kong's {@code unique_across_ws}).
   */
  static Portal.SecretReferences references(io.gatehouse.core.vault.Vaults vaults, ConfigStore config) {
    return reference -> vaults.resolver(config.list("vaults", io.gatehouse.store.PageQuery.first(1000)).data())
        .resolve(reference);
  }

  /**
   * With the portal off its settings are not checked at start (nothing reads them); workspaces'
   * login keys are still checked against them when they are usable, else as if the node set none.
   */
  private static PortalAuth lenientAuth(Settings settings) {
    try {
      return PortalAuth.node(settings.string("portal_auth"), settings.string("portal_auth_conf"));
    } catch (IllegalArgumentException e) {
      return PortalAuth.none();
    }
  }

  private static int firstPort(List<Listener> listeners, boolean ssl) {
    return listeners.stream().filter(l -> l.ssl() == ssl).findFirst().map(Listener::port).orElse(0);
  }

  /**
   * The workspaces whose portal is served: the default one (with {@code portal = on}) and each whose
   * {@code config.portal} is true, as Kong Enterprise turns a workspace's portal on
   * ({@code PATCH /workspaces/{ws}} with {@code {"config": {"portal": true}}}). Read per request, so
   * turning it off takes effect at once.
   */
  static WorkspaceRef.Resolver portalWorkspaces(WorkspaceRows rows) {
    return name -> rows.find(name).filter(w -> w.name().equals(name))
        .filter(w -> w.isDefault() || portalOn(w.config()))
        .map(w -> new WorkspaceRef(w.id(), w.name()));
  }

  private static boolean portalOn(String config) {
    return config(config).path("portal").asBoolean(false);
  }

  /** A workspace's {@code config} (a JSON object text; anything unreadable counts as empty). */
  private static com.fasterxml.jackson.databind.JsonNode config(String text) {
    try {
      com.fasterxml.jackson.databind.JsonNode c = Json.MAPPER.readTree(text);
      return c == null ? Json.object() : c;
    } catch (java.io.IOException e) {
      return Json.object();
    }
  }

  /** Where browsers reach the proxy (proxy_url, else its first bound ports) and the fetch limits. */
  private static DocsSettings docsSettings(Node node, Settings settings, PortalOrigins origins) {
    IntSupplier plain = () -> node.component(ProxyServer.class)
        .flatMap(p -> p.boundPlainAddresses().stream().findFirst()).map(InetSocketAddress::getPort).orElse(0);
    IntSupplier tls = () -> node.component(ProxyServer.class)
        .flatMap(p -> p.boundTlsAddresses().stream().findFirst()).map(InetSocketAddress::getPort).orElse(0);
    Integer timeout = settings.integer("portal_openapi_fetch_timeout");
    Long max = settings.bytes("portal_openapi_max_size");
    return new DocsSettings(settings.string("proxy_url"), plain, tls, origins,
        timeout == null ? DocsSettings.FETCH_TIMEOUT : Duration.ofMillis(timeout),
        max == null ? DocsSettings.FETCH_MAX_BYTES : max);
  }
}
