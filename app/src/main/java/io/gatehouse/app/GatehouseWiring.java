package io.gatehouse.app;

import io.gatehouse.admin.AdminApi;
import io.gatehouse.admin.NodeInfo;
import io.gatehouse.admin.StatusApi;
import io.gatehouse.admin.analytics.AnalyticsStore;
import io.gatehouse.admin.analytics.CallLog;
import io.gatehouse.admin.analytics.PostgresCallLog;
import io.gatehouse.app.settings.Database;
import io.gatehouse.app.settings.Listener;
import io.gatehouse.app.settings.Settings;
import io.gatehouse.app.settings.TlsSettings;
import io.gatehouse.control.LastGoodFile;
import io.gatehouse.control.SnapshotFeed;
import io.gatehouse.core.declarative.VaultReferences;
import io.gatehouse.core.entity.CoreEntities;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.PluginCatalog;
import io.gatehouse.core.schema.SchemaRegistry;
import io.gatehouse.proxy.ProxyOptions;
import io.gatehouse.proxy.ProxyServer;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import io.gatehouse.proxy.plugins.OffLoopCounters;
import io.gatehouse.proxy.plugins.OffLoopRecords;
import io.gatehouse.proxy.plugins.PluginServices;
import io.gatehouse.proxy.tls.Alpn;
import io.gatehouse.proxy.tls.DefaultCertificateFiles;
import io.gatehouse.proxy.tls.PemKeyPair;
import io.gatehouse.proxy.tls.PemSources;
import io.gatehouse.proxy.tls.ServerSslContexts;
import io.gatehouse.proxy.tls.UpstreamTlsContexts;
import io.gatehouse.sdk.TracingSettings;
import io.netty.handler.ssl.SslContext;
import io.gatehouse.store.ConfigStore;
import io.gatehouse.store.counters.SqlCounters;
import io.gatehouse.store.dbless.DblessConfigStore;
import io.gatehouse.store.postgres.PostgresConfigStore;
import io.gatehouse.store.postgres.PostgresSettings;
import io.gatehouse.store.sqlite.SqliteConfigStore;
import org.jspecify.annotations.Nullable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The components of a Gatehouse node, in start order: store, proxy listeners, the snapshot feed
 * that compiles the store's config into the proxy, then the Admin and status APIs (last, so
 * {@code /status/ready} only answers once the proxy serves the stored configuration).
 */
final class GatehouseWiring {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GatehouseWiring.class);

  private GatehouseWiring() {}

  static void wire(Node node) throws Exception {
    Settings settings = node.settings();
    LoadedPlugins loaded = LoadedPlugins.load(settings.plugins(), Thread.currentThread().getContextClassLoader());
    // Kong's `vaults` setting: the kinds vault entities may use (and the prefixes they may not take)
    io.gatehouse.core.vault.Vaults vaults = io.gatehouse.core.vault.Vaults.enabled(settings.list("vaults"), System::getenv);
    SchemaRegistry registry = registry(loaded, routerFlavor(settings), vaults);
    LastGoodFile lastGood = settings.database() == Database.POSTGRES ? lastGoodFile(settings) : null;
    LastGoodFile.Saved startFrom = null;
    ConfigStore opened;
    if (settings.database() == Database.POSTGRES) {
      PostgresSettings pg = postgresSettings(settings);
      PostgresSettings readOnly = readOnlySettings(settings, pg);
      try {
        opened = node.add("store", openPostgres(pg, readOnly));
      } catch (IllegalStateException down) {
        startFrom = savedOrRethrow(lastGood, down);
        LOG.warn("{}; serving the last good configuration (version {}) from {} until it answers",
            down.getMessage(), startFrom.version(), lastGood.path());
        opened = node.add("store", PostgresConfigStore.openWhileDown(pg, readOnly, java.time.Clock.systemUTC()));
      }
    } else {
      opened = node.add("store", settings.database() == Database.OFF
          ? DeclarativeStartup.open(settings, registry)
          : SqliteConfigStore.open(settings.sqliteFile()));
    }
    ConfigStore store = opened;
    registry.all().forEach(s -> store.register(s.table()));
    // plugin records (oauth2 tokens, sessions): in the database, or in memory on a DB-less node
    OffLoopRecords records = node.add("plugin records", switch (settings.database()) {
      case OFF -> new OffLoopRecords(DblessConfigStore.records(System::currentTimeMillis), 1);
      case SQLITE -> new OffLoopRecords(SqliteConfigStore.records(settings.sqliteFile(), System::currentTimeMillis), 1);
      case POSTGRES -> new OffLoopRecords(startFrom != null
          ? PostgresConfigStore.recordsWhileDown(postgresSettings(settings), System::currentTimeMillis)
          : PostgresConfigStore.records(postgresSettings(settings), System::currentTimeMillis), 4);
    });
    PluginServices services = PluginServices.NONE.andTracing(tracing(settings))
        .andSettings(settings::text) // pre-function reads untrusted_lua
        .andRecords(records);
    if (settings.database() != Database.OFF) { // rate-limiting's policy = cluster counts in the same database
      SqlCounters counters = node.add("shared counters", settings.database() == Database.SQLITE
          ? SqliteConfigStore.counters(settings.sqliteFile())
          : startFrom != null
              ? PostgresConfigStore.countersWhileDown(postgresSettings(settings))
              : PostgresConfigStore.counters(postgresSettings(settings)));
      services = services.andCounters(node.add("counter worker", new OffLoopCounters(counters::admit, counters::add)));
    }
    loaded.start(services);

    CallLog analytics = analytics(settings);
    if (analytics != null) node.add("analytics store", analytics);
    ProxyOptions.Builder proxyOptions = proxyOptions(settings).toBuilder();
    if (analytics != null) proxyOptions.requestListener(analytics.listener());
    // the call-log plugin (payload capture) leaves what it captured for the store's rows
    var callLog = loaded.find(io.gatehouse.admin.analytics.CallLogPlugin.NAME);
    if (callLog != null && analytics != null) {
      callLog.start(new io.gatehouse.admin.analytics.CallLogPlugin.Delivery(analytics.payloads()));
    }
    ProxyServer proxy = node.add("proxy", listening("proxy_listen", settings.proxyListen(),
        () -> ProxyServer.start(proxyOptions.build(), loaded)));
    // before the first snapshot: plugins start knowing the node (prometheus reads its status)
    loaded.start(services.andNodeStatus(new PluginNodeStatus(node.id().toString(), proxy, store,
        analytics == null ? () -> -1 : analytics::dropped)));
    VaultReferences references = new VaultReferences(vaults);
    SnapshotFeed feed = new SnapshotFeed(store, references::resolve, proxy::apply);
    if (lastGood != null) {
      feed.keepLastGood(lastGood);
    }
    node.add("snapshot feed", startFrom == null ? feed.start() : feed.startFrom(startFrom));
    Double rotation = settings.number("vault_rotation_interval");
    node.add("vault rotation", new SecretRotation(references.vaults().cache(), feed::rebuild,
        Duration.ofMillis(Math.round((rotation == null ? 60 : rotation) * 1000))));

    NodeInfo info = new NodeInfo(node.id().toString(), hostname(),
        Json.MAPPER.valueToTree(settings.redacted()), feed::appliedVersion, feed::lastError,
        proxy::counters, settings.database() == Database.OFF ? () -> null : () -> feed.source().jsonName(),
        analytics == null ? () -> null : analytics::stats);
    LogbackLevels logLevels = node.add("log level", new LogbackLevels(settings.logLevel()));
    io.gatehouse.admin.rbac.Rbac rbac = AdminSecurity.rbac(node, settings, startFrom != null);
    io.gatehouse.admin.audit.AuditTrail audit = AdminSecurity.audit(node, settings, startFrom != null,
        new LogSinkAuditExport(proxy::auditSinks));
    io.gatehouse.admin.portal.Portal portal = PortalListeners.start(node, settings, store, registry, startFrom != null,
        analytics, rbac);
    if (portal != null) portal.withSecretReferences(PortalListeners.references(references.vaults(), store));
    node.add("reload", new NodeReload(settings, logLevels, proxy, feed, references.vaults().cache()::clear));
    // nodes on one PostgreSQL hear each other's /debug/cluster/log-level; other stores are a node alone
    ClusterLogLevel clusterLevels = new ClusterLogLevel(logLevels,
        store instanceof PostgresConfigStore pg ? pg.clusterEvents() : io.gatehouse.store.ClusterEvents.NONE);
    long maxAdminBody = orDefault(settings.bytes("nginx_admin_client_max_body_size"), 10L << 20);
    List<String> adminOrigins = new java.util.ArrayList<>(adminOrigins(settings));
    ManagerListeners manager = ManagerListeners.start(node, settings);
    adminOrigins.addAll(manager.origins());
    var adminTls = listenerTls(settings, settings.adminListen(), "admin_");
    for (Listener l : settings.adminListen()) {
      var admin = AdminApi.builder(store, registry, info);
      if (l.ssl()) admin.tls(java.util.Objects.requireNonNull(adminTls));
      node.add("admin API " + l.authority(), listening("admin_listen", List.of(l),
          () -> withSecurity(admin, rbac, audit, portal)
              .listen(l.host(), l.port())
              // nginx: 0 turns the limit off
              .maxBodyBytes(maxAdminBody == 0 ? Integer.MAX_VALUE : (int) Math.min(Integer.MAX_VALUE, maxAdminBody))
              .allowedOrigins(adminOrigins)
              .allowedHosts(settings.list("admin_allowed_hosts"))
              .latencyHeader(latencyTokens(settings))
              .routeValidationStrategy(settings.string("route_validation_strategy", "smart"))
              .health(proxy.health())
              .plugins(loaded.all())
              .logLevels(clusterLevels)
              .analyticsIfOn(analytics)
              .start()));
    }
    manager.adminStarted(firstAdminPort(node, settings, false), firstAdminPort(node, settings, true));
    var statusTls = listenerTls(settings, settings.statusListen(), "status_");
    for (Listener l : settings.statusListen()) {
      node.add("status API " + l.authority(), listening("status_listen", List.of(l),
          () -> StatusApi.start(l.host(), l.port(), store, info, loaded.all(), l.ssl() ? statusTls : null)));
    }
  }

  /**
   * The call log when {@code analytics = on} (the default), else null: the node's DuckDB file
   * ({@code analytics_store = local}) or the cluster's PostgreSQL table ({@code postgres}).
   */
  private static @Nullable CallLog analytics(Settings s) {
    if (!Boolean.TRUE.equals(s.bool("analytics"))) return null;
    if ("postgres".equals(s.string("analytics_store", "local"))) {
      Integer days = s.integer("analytics_retention_days");
      Integer queue = s.integer("analytics_queue_size");
      return PostgresCallLog.open(PostgresConfigStore.lazyPool(analyticsPostgres(s), "gatehouse-postgres-analytics", 4),
          new PostgresCallLog.Options(queue == null ? 65536 : queue, days == null ? 30 : days, Duration.ofMinutes(1)));
    }
    Path file = s.prefix().resolve(s.string("analytics_path", "analytics.duckdb"));
    Integer days = s.integer("analytics_retention_days");
    Long max = s.bytes("analytics_max_size");
    Integer queue = s.integer("analytics_queue_size");
    Long memory = s.bytes("analytics_memory_limit");
    return AnalyticsStore.open(new AnalyticsStore.Options(file, queue == null ? 65536 : queue,
        days == null ? 30 : days, max == null ? 1L << 30 : max, Duration.ofMinutes(1),
        memory == null ? AnalyticsStore.Options.DEFAULT_MEMORY_LIMIT : memory));
  }

  /** The call log's database: the cluster's ({@code pg_*}), each {@code analytics_pg_*} that is set overriding its {@code pg_*}. */
  static PostgresSettings analyticsPostgres(Settings s) {
    PostgresSettings pg = postgresSettings(s);
    Integer port = s.integer("analytics_pg_port");
    String password = s.string("analytics_pg_password");
    String schema = s.string("analytics_pg_schema");
    return pg.withServer(s.string("analytics_pg_host", pg.host()), port == null ? pg.port() : port,
            s.string("analytics_pg_database", pg.database()))
        .withLogin(s.string("analytics_pg_user", pg.user()), password == null ? pg.password() : password)
        .withSchema(schema == null ? pg.schema() : schema);
  }

  /** The bound port of the first plain ({@code ssl} false) or TLS {@code admin_listen} entry, or null. */
  private static @Nullable Integer firstAdminPort(Node node, Settings settings, boolean ssl) {
    for (Listener l : settings.adminListen()) {
      if (l.ssl() == ssl) {
        return node.component("admin API " + l.authority(), AdminApi.class).map(a -> a.address().getPort()).orElse(null);
      }
    }
    return null;
  }

  private static AdminApi.Builder withSecurity(AdminApi.Builder b, io.gatehouse.admin.rbac.@Nullable Rbac rbac,
      io.gatehouse.admin.audit.@Nullable AuditTrail audit, io.gatehouse.admin.portal.@Nullable Portal portal) {
    if (portal != null) {
      b.portal(portal);
    }
    if (rbac != null) {
      b.rbac(rbac);
    }
    if (audit != null) {
      b.audit(audit);
    }
    return b;
  }

  /**
   * The browser origins the Admin API grants: those of {@code admin_gui_url} (Kong derives
   * {@code admin_gui_origin} the same way, dropping the path) and {@code admin_cors_origins}.
   */
  static List<String> adminOrigins(Settings s) {
    List<String> origins = new java.util.ArrayList<>();
    for (String key : List.of("admin_gui_url", "admin_cors_origins")) {
      for (String url : s.list(key)) {
        try {
          origins.add(io.gatehouse.admin.http.BrowserGuard.origin(url));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(key + ": " + e.getMessage() + " (expected http(s)://host[:port])", e);
        }
      }
    }
    return List.copyOf(origins);
  }

  /** Kong's {@code pg_*} settings and {@code db_update_frequency}; unset ones keep Kong's defaults. */
  static PostgresSettings postgresSettings(Settings s) {
    PostgresSettings d = PostgresSettings.defaults();
    Integer timeoutMs = s.integer("pg_timeout");
    Integer poolSize = s.integer("pg_pool_size");
    Double frequency = s.number("db_update_frequency");
    Integer port = s.integer("pg_port");
    return new PostgresSettings(
        s.string("pg_host", d.host()),
        port == null ? d.port() : port,
        s.string("pg_database", d.database()),
        s.string("pg_user", d.user()),
        s.string("pg_password"),
        s.string("pg_schema"),
        timeoutMs == null ? d.timeout() : Duration.ofMillis(Math.max(250, timeoutMs)),
        Boolean.TRUE.equals(s.bool("pg_ssl")),
        Boolean.TRUE.equals(s.bool("pg_ssl_verify")),
        poolSize == null || poolSize < 1 ? d.poolSize() : poolSize,
        frequency == null ? d.updateFrequency() : Duration.ofMillis(Math.max(10, Math.round(frequency * 1000))));
  }

  /**
   * Kong's read-only connection: set when {@code pg_ro_host} is; every other {@code pg_ro_*} left
   * unset takes the {@code pg_*} value, as Kong's conf loader does. Null when {@code pg_ro_host} is unset.
   */
  static @org.jspecify.annotations.Nullable PostgresSettings readOnlySettings(Settings s, PostgresSettings primary) {
    String host = s.string("pg_ro_host");
    if (host == null) {
      return null;
    }
    Integer port = s.integer("pg_ro_port");
    Integer timeoutMs = s.integer("pg_ro_timeout");
    Integer poolSize = s.integer("pg_ro_pool_size");
    Boolean ssl = s.bool("pg_ro_ssl");
    Boolean sslVerify = s.bool("pg_ro_ssl_verify");
    String password = s.string("pg_ro_password");
    String schema = s.string("pg_ro_schema");
    return new PostgresSettings(host,
        port == null ? primary.port() : port,
        s.string("pg_ro_database", primary.database()),
        s.string("pg_ro_user", primary.user()),
        password == null ? primary.password() : password,
        schema == null ? primary.schema() : schema,
        timeoutMs == null ? primary.timeout() : Duration.ofMillis(Math.max(250, timeoutMs)),
        ssl == null ? primary.ssl() : ssl,
        sslVerify == null ? primary.sslVerify() : sslVerify,
        poolSize == null || poolSize < 1 ? primary.poolSize() : poolSize,
        primary.updateFrequency());
  }

  /** {@code last_good_config_file} (relative to the prefix), or null when {@code off}. */
  static LastGoodFile lastGoodFile(Settings s) {
    String name = s.string("last_good_config_file", "last_good_config");
    return name.isBlank() || name.equalsIgnoreCase("off") ? null : new LastGoodFile(s.prefix().resolve(name));
  }

  /** Beyond Kong: a node whose database is down starts from its last good configuration, if it has one. */
  private static LastGoodFile.Saved savedOrRethrow(LastGoodFile lastGood, IllegalStateException down) {
    if (lastGood == null) {
      throw down;
    }
    try {
      return lastGood.load().orElseThrow(() -> new IllegalStateException(down.getMessage()
          + " and there is no last good configuration at " + lastGood.path() + " to start from", down));
    } catch (RuntimeException damaged) {
      if (damaged.getCause() == down) {
        throw damaged;
      }
      throw new IllegalStateException(down.getMessage() + "; " + damaged.getMessage(), down);
    }
  }

  /** Like Kong, a node does not start without its database; say which one and which settings. */
  private static PostgresConfigStore openPostgres(PostgresSettings pg, @org.jspecify.annotations.Nullable PostgresSettings readOnly) {
    try {
      return PostgresConfigStore.open(pg, readOnly, java.time.Clock.systemUTC());
    } catch (KongException e) {
      throw new IllegalStateException("database = postgres: " + e.getMessage()
          + " (check pg_host, pg_port, pg_database, pg_user, pg_password and that the server is running)", e);
    }
  }

  /** Every entity type this build knows (the node and the {@code config} commands share it). */
  static SchemaRegistry registry() {
    return registry(LoadedPlugins.load(List.of("bundled"), GatehouseWiring.class.getClassLoader()));
  }

  /** Core entity types plus the loaded plugins' config schemas and entity types. */
  static SchemaRegistry registry(LoadedPlugins loaded) {
    return registry(loaded, io.gatehouse.core.expr.RouterFlavor.TRADITIONAL_COMPATIBLE);
  }

  /** The entity types of a node with these settings (its {@code router_flavor} decides the routes schema). */
  static SchemaRegistry registry(Settings settings) {
    return registry(LoadedPlugins.load(List.of("bundled"), GatehouseWiring.class.getClassLoader()), routerFlavor(settings));
  }

  static io.gatehouse.core.expr.RouterFlavor routerFlavor(Settings settings) {
    return io.gatehouse.core.expr.RouterFlavor.of(settings.string("router_flavor", "traditional_compatible"));
  }

  /** As {@link #registry(LoadedPlugins)}, with the routes schema of a {@code router_flavor}. */
  static SchemaRegistry registry(LoadedPlugins loaded, io.gatehouse.core.expr.RouterFlavor flavor) {
    return registry(loaded, flavor, io.gatehouse.core.vault.Vaults.bundled(System::getenv));
  }

  /** As {@link #registry(LoadedPlugins, io.gatehouse.core.expr.RouterFlavor)}, with the node's vault kinds. */
  static SchemaRegistry registry(LoadedPlugins loaded, io.gatehouse.core.expr.RouterFlavor flavor,
      io.gatehouse.core.vault.Vaults vaults) {
    return loaded.registerEntities(CoreEntities.registry(loaded.fill(new PluginCatalog()), vaults, flavor));
  }

  /** Starts a listener, turning a bind failure into a message that names the setting. */
  static <T> T listening(String key, List<Listener> listeners, java.util.function.Supplier<T> start) {
    try {
      return start.get();
    } catch (Exception e) { // Netty rethrows the bind's checked exception unchecked
      Throwable cause = e;
      while (cause.getCause() != null && !(cause instanceof java.net.BindException)) {
        cause = cause.getCause();
      }
      if (cause instanceof java.net.BindException) {
        String where = String.join(", ", listeners.stream().map(Listener::authority).toList());
        throw new IllegalStateException("cannot listen on " + key + " " + where + ": " + cause.getMessage(), e);
      }
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
  }

  /** Kong's {@code headers} setting: {@code latency_tokens} (default) or the header by name, {@code off} none. */
  static boolean latencyTokens(Settings s) {
    return s.list("headers").stream().anyMatch(h -> h.equalsIgnoreCase("latency_tokens") || h.equalsIgnoreCase("X-Kong-Admin-Latency"));
  }

  static ProxyOptions proxyOptions(Settings s) {
    List<InetSocketAddress> listen = s.proxyListen().stream().filter(l -> !l.ssl())
        .map(l -> new InetSocketAddress(l.host(), l.port()))
        .toList();
    List<InetSocketAddress> tlsListen = s.proxyListen().stream().filter(Listener::ssl)
        .map(l -> new InetSocketAddress(l.host(), l.port()))
        .toList();
    Set<InetSocketAddress> http2Listen = s.proxyListen().stream().filter(Listener::http2)
        .map(l -> new InetSocketAddress(l.host(), l.port()))
        .collect(java.util.stream.Collectors.toSet());
    ProxyOptions.Builder b = ProxyOptions.builder()
        .listen(listen)
        .tlsListen(tlsListen)
        .http2Listen(http2Listen)
        .defaultCertificates(tlsListen.isEmpty() ? List.of() : defaultCertificates(s))
        .tlsPolicy(TlsSettings.proxyPolicy(s))
        .headers(new HashSet<>(s.list("headers")))
        .headersUpstream(new HashSet<>(s.list("headers_upstream")))
        .trustedIps(s.list("trusted_ips"))
        .realIpHeader(s.string("real_ip_header", "X-Real-IP"))
        .realIpRecursive(Boolean.TRUE.equals(s.bool("real_ip_recursive")))
        .errorDefaultType(s.string("error_default_type", "text/plain"))
        .productVersion(io.gatehouse.core.Version.GATEHOUSE);
    // settings left unset keep ProxyOptions' defaults (Kong's)
    Optional.ofNullable(s.integer("upstream_keepalive_pool_size")).ifPresent(b::upstreamKeepalivePoolSize);
    Optional.ofNullable(s.integer("upstream_keepalive_max_requests")).ifPresent(b::upstreamKeepaliveMaxRequests);
    // the header timeout is also the TLS handshake's deadline
    Optional.ofNullable(s.duration("nginx_http_client_header_timeout")).ifPresent(b::clientHeaderTimeout);
    Optional.ofNullable(s.duration("nginx_http_client_body_timeout")).ifPresent(b::clientBodyTimeout);
    Optional.ofNullable(s.duration("nginx_http_keepalive_timeout")).ifPresent(b::keepaliveTimeout);
    b.dnsResolver(io.gatehouse.proxy.upstream.DnsServers.parse(s.list("dns_resolver")));
    b.upstreamTls(new UpstreamTlsContexts.Defaults(Boolean.TRUE.equals(s.bool("nginx_proxy_proxy_ssl_verify")),
        Optional.ofNullable(s.integer("nginx_proxy_proxy_ssl_verify_depth")).orElse(1)));
    // request bodies: nginx's limit (0 = none), the in-memory part of a buffered body, its temp files
    Optional.ofNullable(s.bytes("nginx_http_client_max_body_size")).ifPresent(b::clientMaxBodySize);
    // Kong's client_body_buffer_size; an injected nginx_http_client_body_buffer_size other than the default wins
    Long injected = s.bytes("nginx_http_client_body_buffer_size");
    Long bodyBuffer = injected != null && injected != 8 * 1024 ? injected : s.bytes("client_body_buffer_size");
    if (bodyBuffer != null) b.clientBodyBufferSize((int) Math.min(Integer.MAX_VALUE, Math.max(1, bodyBuffer)));
    b.clientBodyTempPath(s.prefix().resolve("client_body_temp"));
    Integer idle = s.integer("upstream_keepalive_idle_timeout");
    if (idle != null) {
      b.upstreamKeepaliveIdleTimeout(Duration.ofSeconds(idle));
    }
    // client heads: one buffer bounds the request line, all of them the header list (HTTP/1.x and h2)
    long[] buffers = Optional.ofNullable(s.buffers("nginx_proxy_large_client_header_buffers"))
        .orElse(s.buffers("nginx_http_large_client_header_buffers"));
    if (buffers != null) {
      b.maxRequestLine((int) Math.min(Integer.MAX_VALUE, buffers[1]));
      b.maxHeaderSize((int) Math.min(Integer.MAX_VALUE, buffers[0] * buffers[1]));
    }
    b.http2Limits(http2Limits(s));
    return b.build();
  }

  /** nginx's http2 directives (and keepalive_requests) as injected for the proxy server block, else the http block. */
  static io.gatehouse.proxy.Http2Limits http2Limits(Settings s) {
    io.gatehouse.proxy.Http2Limits kong = io.gatehouse.proxy.Http2Limits.KONG;
    Integer streams = Optional.ofNullable(s.integer("nginx_proxy_http2_max_concurrent_streams"))
        .orElse(s.integer("nginx_http_http2_max_concurrent_streams"));
    Long preread = Optional.ofNullable(s.bytes("nginx_proxy_http2_body_preread_size"))
        .orElse(s.bytes("nginx_http_http2_body_preread_size"));
    Integer requests = Optional.ofNullable(s.integer("nginx_proxy_keepalive_requests"))
        .orElse(s.integer("nginx_http_keepalive_requests"));
    return new io.gatehouse.proxy.Http2Limits(streams != null ? streams : kong.maxConcurrentStreams(),
        preread != null ? (int) Math.min(Integer.MAX_VALUE - 1, preread) : kong.bodyPrereadSize(),
        requests != null ? requests : kong.maxRequests());
  }

  /**
   * Kong's {@code ssl_cert}/{@code ssl_cert_key} (paths, PEM or base64 PEM; an RSA and an ECDSA pair
   * may be given side by side), else the self-signed pairs kept in {@code <prefix>/ssl}.
   */
  static List<PemKeyPair> defaultCertificates(Settings s) {
    return defaultCertificates(s, "");
  }

  /**
   * The certificates of one kind of listener: {@code <listener>ssl_cert}/{@code <listener>ssl_cert_key}
   * ({@code listener} is {@code ""}, {@code admin_} or {@code status_}), else the generated pairs Kong
   * keeps for it ({@code kong-default}, {@code admin-kong-default}, {@code status-kong-default}).
   * Errors use Kong's wording ({@code conf_loader/parse.lua}).
   */
  static List<PemKeyPair> defaultCertificates(Settings s, String listener) {
    List<String> certs = s.list(listener + "ssl_cert");
    List<String> keys = s.list(listener + "ssl_cert_key");
    if (certs.isEmpty() && keys.isEmpty()) {
      String base = listener.isEmpty() ? "kong-default" : listener.replace('_', '-') + "kong-default";
      return DefaultCertificateFiles.loadOrCreate(s.prefix().resolve("ssl"), base);
    }
    if (keys.isEmpty()) throw new IllegalArgumentException(listener + "ssl_cert_key must be specified");
    if (certs.isEmpty()) throw new IllegalArgumentException(listener + "ssl_cert must be specified");
    if (certs.size() != keys.size()) {
      throw new IllegalArgumentException(listener + "ssl_cert was specified " + certs.size() + " times while "
          + listener + "ssl_cert_key was specified " + keys.size() + " times");
    }
    List<PemKeyPair> pairs = new java.util.ArrayList<>();
    for (int i = 0; i < certs.size(); i++) {
      pairs.add(new PemKeyPair(PemSources.read(listener + "ssl_cert", certs.get(i)),
          PemSources.read(listener + "ssl_cert_key", keys.get(i))));
    }
    return pairs;
  }

  /**
   * The TLS context of the {@code ssl} entries of {@code admin_listen} ({@code listener = "admin_"}) or
   * {@code status_listen} ({@code "status_"}), with the node's TLS policy; null when none has the flag.
   */
  static @Nullable SslContext listenerTls(Settings s, List<Listener> listen, String listener) {
    if (listen.stream().noneMatch(Listener::ssl)) return null;
    try {
      return ServerSslContexts.build(defaultCertificates(s, listener), Alpn.HTTP1, TlsSettings.policy(s), false);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(listener + "ssl_cert: " + e.getMessage(), e);
    }
  }

  private static long orDefault(Long v, long fallback) {
    return v == null ? fallback : v;
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }


  /** kong.conf's {@code tracing_instrumentations} and {@code tracing_sampling_rate}, checked at load. */
  static TracingSettings tracing(Settings s) {
    Double rate = s.number("tracing_sampling_rate");
    return new TracingSettings(java.util.Set.copyOf(s.list("tracing_instrumentations")), rate == null ? 0.01 : rate);
  }
}
