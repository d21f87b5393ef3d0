package io.gatehouse.app.settings;

import static io.gatehouse.app.settings.SettingType.BOOLEAN;
import static io.gatehouse.app.settings.SettingType.DURATION;
import static io.gatehouse.app.settings.SettingType.INTEGER;
import static io.gatehouse.app.settings.SettingType.LIST;
import static io.gatehouse.app.settings.SettingType.LISTENERS;
import static io.gatehouse.app.settings.SettingType.NUMBER;
import static io.gatehouse.app.settings.SettingType.SIZE;
import static io.gatehouse.app.settings.SettingType.STRING;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The table of settings Gatehouse knows: Kong 3.x key names and defaults
 * ({@code kong_defaults.lua}, reference §8.2), with Gatehouse's own choices marked. A key that is
 * not here is kept (it shows in {@code GET /}) but warned about, because Kong users carry
 * {@code nginx_*} and other keys Gatehouse does not act on.
 */
public final class KnownSettings {
  /** Kong's response headers ({@code headers}), compared without case. */
  static final List<String> HEADER_NAMES = List.of(
      "off", "server_tokens", "latency_tokens", "Server", "Via", "X-Kong-Upstream-Latency",
      "X-Kong-Proxy-Latency", "X-Kong-Response-Latency", "X-Kong-Admin-Latency",
      "X-Kong-Upstream-Status", "X-Kong-Request-Id");

  private static final Map<String, SettingKey> KEYS = new LinkedHashMap<>();

  static {
    // where Gatehouse keeps its state; the default is per user (see SettingsLoader), not Kong's /usr/local/kong
    add("prefix", STRING, null);
    add("log_level", STRING, "notice", LogLevel.kongNames());
    add("proxy_access_log", STRING, "logs/access.log");
    add("proxy_error_log", STRING, "logs/error.log");
    add("admin_access_log", STRING, "logs/admin_access.log");
    add("admin_error_log", STRING, "logs/error.log");
    add("status_access_log", STRING, "off");
    add("status_error_log", STRING, "logs/status_error.log");
    add("plugins", LIST, "bundled");
    add("vaults", LIST, "bundled");
    // http2: h2 through ALPN on ssl entries, h2c with prior knowledge on plain ones (HTTP/1.1 still served)
    add("proxy_listen", LISTENERS, "0.0.0.0:8000 reuseport backlog=16384, 0.0.0.0:8443 http2 ssl reuseport backlog=16384");
    add("admin_listen", LISTENERS, "127.0.0.1:8001 reuseport backlog=16384");
    // the Manager (admin web UI); off by default here (Kong: 0.0.0.0:8002, 0.0.0.0:8445 ssl) so a node opens no UI port unasked
    add("admin_gui_listen", LISTENERS, "off");
    add("admin_gui_path", STRING, "/");
    // the Admin API URL the UI calls; unset = the UI's own host name on admin_listen's first port
    add("admin_gui_api_url", STRING, null);
    add("admin_gui_ssl_cert", LIST, null);
    add("admin_gui_ssl_cert_key", LIST, null);
    // Kong Manager's URLs: their origins are the browser origins the Admin API's CORS grants
    add("admin_gui_url", LIST, null);
    // Gatehouse: more browser origins allowed to call the Admin API (scheme://host[:port])
    add("admin_cors_origins", LIST, null);
    // Gatehouse: Host names a loopback Admin API answers besides loopback ones (DNS rebinding); * = any
    add("admin_allowed_hosts", LIST, null);
    // Admin API RBAC (Kong Enterprise's names): off keeps Kong OSS behaviour, no authentication
    add("enforce_rbac", STRING, "off", List.of("on", "off", "entity", "both"));
    add("admin_gui_auth_header", STRING, "Kong-Admin-Token");
    // Kong Enterprise's Manager login: basic-auth = RBAC users log in with a password to a cookie session
    add("admin_gui_auth", STRING, null, List.of("basic-auth"));
    // its session (JSON, Kong Enterprise's name): cookie_name, cookie_lifetime (seconds), cookie_secure
    add("admin_gui_session_conf", STRING, null);
    // Kong's bootstrap: creates the kong_admin super admin with this token when it does not exist
    add("password", STRING, null);
    // Admin API audit log (Kong Enterprise's names); records every write, kept audit_log_record_ttl seconds
    add("audit_log", BOOLEAN, "off");
    add("audit_log_record_ttl", INTEGER, "2592000");
    add("audit_log_ignore_methods", LIST, null); // writes with these methods are not audited
    add("audit_log_ignore_paths", LIST, null); // nor those whose path a pattern finds (docs/rbac.md)
    // Kong Enterprise's route collision check between workspaces: smart (docs/workspaces.md) or off;
    // its path and static strategies are not offered (a node with them does not start)
    add("route_validation_strategy", STRING, "smart", List.of("smart", "off"));
    add("audit_log_ignore_tables", LIST, null); // tables whose rows /audit/objects leaves out
    add("audit_log_signing_key", STRING, null); // RSA private key (PEM file) signing exported records
    // the developer portal (Kong Enterprise's names, docs/portal.md); its listeners open only with portal = on
    add("portal", BOOLEAN, "off");
    add("portal_gui_listen", LISTENERS, "0.0.0.0:8003, 0.0.0.0:8446 ssl");
    add("portal_api_listen", LISTENERS, "0.0.0.0:8004, 0.0.0.0:8447 ssl");
    add("portal_gui_ssl_cert", LIST, null);
    add("portal_gui_ssl_cert_key", LIST, null);
    add("portal_api_ssl_cert", LIST, null);
    add("portal_api_ssl_cert_key", LIST, null);
    add("portal_auto_approve", BOOLEAN, "off");
    // where browsers reach the portal (Kong Enterprise's names and defaults): the pages' origin is
    // portal_gui_protocol://portal_gui_host unless portal_cors_origins lists them; portal_api_url is the
    // developers' API's public address (unset: the page's host on the API's port)
    add("portal_gui_protocol", STRING, "http", List.of("http", "https"));
    add("portal_gui_host", STRING, "127.0.0.1:8003");
    add("portal_gui_use_subdomains", BOOLEAN, "off");
    add("portal_cors_origins", LIST, null);
    add("portal_api_url", STRING, null);
    // developers' login besides the password: openid-connect, configured by portal_auth_conf (a JSON object);
    // a workspace's config may set either for its portal (docs/portal.md, "Login per workspace")
    add("portal_auth", STRING, null, List.of("openid-connect"));
    add("portal_auth_conf", STRING, null);
    // Kong Enterprise's proxy URL for browsers (the portal's try-it); unset = the page's host on the first proxy port
    add("proxy_url", STRING, null);
    // Gatehouse: limits of fetching a product's openapi_url (docs/portal.md), milliseconds and bytes
    add("portal_openapi_fetch_timeout", INTEGER, "10000");
    add("portal_openapi_max_size", SIZE, "2m");
    // Gatehouse: seconds between fetches of a product's openapi_url on a schedule; 0 = only on demand
    add("portal_openapi_refresh_interval", INTEGER, "3600");
    // Gatehouse: the call log and analytics store (docs/analytics.md), a DuckDB file under the prefix
    add("analytics", BOOLEAN, "on"); // every call goes to the embedded call log by default (docs/analytics.md)
    add("analytics_path", STRING, "analytics.duckdb");
    add("analytics_retention_days", INTEGER, "30");
    add("analytics_max_size", SIZE, "1g");
    add("analytics_queue_size", INTEGER, "65536");
    add("analytics_memory_limit", SIZE, "1g"); // DuckDB's own default is 80 % of the machine's memory
    // local: the node's own DuckDB file; postgres: one table the cluster's nodes share (pg_*, or analytics_pg_*)
    add("analytics_store", STRING, "local", List.of("local", "postgres"));
    for (String pg : List.of("host", "database", "schema", "user", "password")) {
      add("analytics_pg_" + pg, STRING, null);
    }
    add("analytics_pg_port", INTEGER, null);
    add("status_listen", LISTENERS, "127.0.0.1:8007 reuseport backlog=16384");
    add("stream_listen", LISTENERS, "off");
    add("role", STRING, "traditional", List.of("traditional", "control_plane", "data_plane"));
    // Gatehouse's default store is embedded SQLite in the prefix; Kong's is postgres
    add("database", STRING, "sqlite", Database.names());
    add("declarative_config", STRING, null);
    add("declarative_config_string", STRING, null);
    // Gatehouse: where a postgres node keeps the last configuration it applied, to start from while the database is down; off = none
    add("last_good_config_file", STRING, "last_good_config");
    add("pg_host", STRING, "127.0.0.1");
    add("pg_port", INTEGER, "5432");
    add("pg_timeout", INTEGER, "5000");
    add("pg_user", STRING, "kong");
    add("pg_password", STRING, null);
    add("pg_database", STRING, "kong");
    add("pg_schema", STRING, null);
    add("pg_ssl", BOOLEAN, "off");
    add("pg_ssl_verify", BOOLEAN, "off");
    add("pg_max_concurrent_queries", INTEGER, "0");
    add("pg_semaphore_timeout", INTEGER, "60000");
    add("pg_keepalive_timeout", INTEGER, null);
    add("pg_pool_size", INTEGER, null);
    add("pg_backlog", INTEGER, null);
    for (String ro : List.of("host", "database", "schema", "user", "password")) {
      add("pg_ro_" + ro, STRING, null);
    }
    add("pg_ro_port", INTEGER, null);
    add("pg_ro_timeout", INTEGER, null);
    add("pg_ro_ssl", BOOLEAN, null);
    add("pg_ro_ssl_verify", BOOLEAN, null);
    add("pg_ro_pool_size", INTEGER, null);
    add("db_update_frequency", NUMBER, "5");
    add("db_update_propagation", NUMBER, "0");
    add("db_cache_ttl", NUMBER, "0");
    add("db_cache_neg_ttl", NUMBER, null);
    add("db_resurrect_ttl", NUMBER, "30");
    add("db_cache_warmup_entities", LIST, "services");
    add("mem_cache_size", SIZE, "128m");
    add("ssl_cert", LIST, null);
    add("ssl_cert_key", LIST, null);
    // the TLS policy of every TLS listener, resolved by TlsSettings as Kong's conf_loader does
    add("ssl_cipher_suite", STRING, "intermediate");
    add("ssl_ciphers", STRING, null);
    add("ssl_protocols", STRING, "TLSv1.2 TLSv1.3");
    add("ssl_prefer_server_ciphers", BOOLEAN, "on");
    add("ssl_dhparam", STRING, null);
    add("ssl_session_tickets", BOOLEAN, "on");
    add("ssl_session_timeout", DURATION, "1d");
    // accepted for Kong configurations; the JDK's session cache keeps its own size (20480 sessions)
    add("ssl_session_cache_size", SIZE, "10m");
    add("client_ssl", BOOLEAN, "off");
    add("client_ssl_cert", STRING, null);
    add("client_ssl_cert_key", STRING, null);
    add("admin_ssl_cert", LIST, null);
    add("admin_ssl_cert_key", LIST, null);
    add("status_ssl_cert", LIST, null);
    add("status_ssl_cert_key", LIST, null);
    add("headers", LIST, "server_tokens, latency_tokens, x-kong-request-id", HEADER_NAMES);
    add("headers_upstream", LIST, "x-kong-request-id", List.of("off", "X-Kong-Request-Id"));
    add("trusted_ips", LIST, null);
    add("real_ip_header", STRING, "X-Real-IP");
    add("real_ip_recursive", BOOLEAN, "off");
    add("error_default_type", STRING, "text/plain",
        List.of("application/json", "application/xml", "text/html", "text/plain"));
    add("error_template_html", STRING, null);
    add("error_template_json", STRING, null);
    add("error_template_xml", STRING, null);
    add("error_template_plain", STRING, null);
    add("upstream_keepalive_pool_size", INTEGER, "512");
    add("upstream_keepalive_max_requests", INTEGER, "10000");
    add("upstream_keepalive_idle_timeout", INTEGER, "60");
    add("allow_debug_header", BOOLEAN, "off");
    add("port_maps", LIST, null);
    add("host_ports", LIST, null);
    add("anonymous_reports", BOOLEAN, "on");
    add("router_flavor", STRING, "traditional_compatible",
        List.of("traditional", "traditional_compatible", "expressions"));
    add("worker_consistency", STRING, "eventual", List.of("eventual", "strict"));
    add("worker_state_update_frequency", NUMBER, "5");
    add("dns_resolver", LIST, null);
    add("dns_hostsfile", STRING, "/etc/hosts");
    add("dns_order", LIST, "LAST,SRV,A,CNAME");
    add("dns_stale_ttl", NUMBER, "3600");
    add("dns_not_found_ttl", NUMBER, "30");
    add("dns_error_ttl", NUMBER, "1");
    add("dns_no_sync", BOOLEAN, "off");
    add("lua_ssl_trusted_certificate", LIST, "system");
    add("lua_ssl_verify_depth", INTEGER, "1");
    add("lua_max_req_headers", INTEGER, "100");
    add("lua_max_resp_headers", INTEGER, "100");
    add("lua_max_uri_args", INTEGER, "100");
    add("lua_max_post_args", INTEGER, "100");
    add("untrusted_lua", STRING, "sandbox", List.of("on", "off", "sandbox"));
    add("untrusted_lua_sandbox_requires", LIST, null);
    add("untrusted_lua_sandbox_environment", LIST, null);
    add("tracing_instrumentations", LIST, "off");
    add("tracing_sampling_rate", NUMBER, "0.01");
    add("opentelemetry_tracing", LIST, null); // deprecated alias of tracing_instrumentations
    add("opentelemetry_tracing_sampling_rate", NUMBER, null); // deprecated alias of tracing_sampling_rate
    add("proxy_server", STRING, null);
    // Kong reads KONG_VAULT_ROTATION_INTERVAL (seconds) from the environment; the same variable sets this
    add("vault_rotation_interval", NUMBER, "60");
    // nginx directives Gatehouse honours through its own listeners
    add("nginx_worker_processes", STRING, "auto");
    add("nginx_main_worker_processes", STRING, "auto");
    add("nginx_http_client_max_body_size", SIZE, "0");
    add("nginx_http_client_body_buffer_size", SIZE, "8k");
    add("client_body_buffer_size", SIZE, "8k");
    add("nginx_admin_client_max_body_size", SIZE, "10m");
    add("nginx_admin_client_body_buffer_size", SIZE, "10m");
    add("nginx_http_keepalive_requests", INTEGER, "10000");
    // nginx's own defaults (Kong sets none): header/body read timeouts and client keep-alive
    add("nginx_http_client_header_timeout", DURATION, "60s");
    add("nginx_http_client_body_timeout", DURATION, "60s");
    add("nginx_http_keepalive_timeout", DURATION, "60s");
    add("nginx_http_large_client_header_buffers", STRING, "4 8k");
    // nginx's worker_shutdown_timeout: how long a quitting node lets requests in flight finish
    // (nginx waits without bound when unset; Gatehouse stops waiting after 10 s, kong quit's own timeout)
    add("nginx_main_worker_shutdown_timeout", DURATION, null);
    add("nginx_proxy_large_client_header_buffers", STRING, null);
    add("nginx_proxy_keepalive_requests", INTEGER, null);
    // HTTP/2 on http2 listeners: nginx's directives and defaults (Kong sets none); the proxy block's win
    add("nginx_http_http2_max_concurrent_streams", INTEGER, "128");
    add("nginx_proxy_http2_max_concurrent_streams", INTEGER, null);
    add("nginx_http_http2_body_preread_size", SIZE, "64k");
    add("nginx_proxy_http2_body_preread_size", SIZE, null);
    // upstream TLS verification for services whose tls_verify / tls_verify_depth are null (nginx: off, 1)
    add("nginx_proxy_proxy_ssl_verify", BOOLEAN, "off");
    add("nginx_proxy_proxy_ssl_verify_depth", INTEGER, "1");
    // OCSP stapling on the proxy's TLS listeners, as the injected nginx ssl_stapling directives (OcspStapling)
    add("nginx_proxy_ssl_stapling", BOOLEAN, null);
    add("nginx_http_ssl_stapling", BOOLEAN, null);
    add("nginx_proxy_ssl_stapling_responder", STRING, null);
    add("nginx_http_ssl_stapling_responder", STRING, null);
  }

  private KnownSettings() {}

  private static void add(String name, SettingType type, @Nullable String defaultValue) {
    add(name, type, defaultValue, List.of());
  }

  private static void add(String name, SettingType type, @Nullable String defaultValue, List<String> oneOf) {
    if (KEYS.put(name, new SettingKey(name, type, defaultValue, oneOf, SettingKey.looksSecret(name)
        || name.equals("declarative_config_string") || name.equals("proxy_server")
        || name.equals("admin_gui_session_conf") // Kong hides it too: it holds the session secret
        || name.equals("portal_auth_conf"))) != null) { // it holds the client secret
      throw new IllegalStateException("duplicate setting: " + name);
    }
  }

  /** The known setting with this name, or {@code null}. */
  public static @Nullable SettingKey find(String name) {
    return KEYS.get(name);
  }

  /** All known settings, in table order. */
  public static Collection<SettingKey> all() {
    return KEYS.values();
  }
}
