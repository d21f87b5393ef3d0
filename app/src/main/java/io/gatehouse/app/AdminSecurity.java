package io.gatehouse.app;

import io.gatehouse.admin.audit.AuditExport;
import io.gatehouse.admin.audit.AuditRules;
import io.gatehouse.admin.audit.AuditSigner;
import io.gatehouse.admin.audit.AuditTrail;
import io.gatehouse.proxy.tls.PemSources;
import io.gatehouse.admin.rbac.EnforceMode;
import io.gatehouse.admin.rbac.LoginSessions;
import io.gatehouse.admin.rbac.Rbac;
import io.gatehouse.app.settings.Database;
import io.gatehouse.app.settings.Settings;
import io.gatehouse.store.audit.AuditLog;
import io.gatehouse.store.dbless.DblessConfigStore;
import io.gatehouse.store.postgres.PostgresConfigStore;
import io.gatehouse.store.rbac.RbacStore;
import io.gatehouse.store.sqlite.SqliteConfigStore;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Admin API's RBAC ({@code enforce_rbac}, {@code admin_gui_auth_header}, {@code password}) and
 * audit log ({@code audit_log}, {@code audit_log_record_ttl}) from the settings. RBAC users live in
 * the database, so a DB-less node refuses {@code enforce_rbac} other than {@code off} (and serves
 * no {@code /rbac} endpoints); its audit log is kept in memory.
 */
final class AdminSecurity {
  private static final Logger LOG = LoggerFactory.getLogger(AdminSecurity.class);

  private AdminSecurity() {}

  /**
   * RBAC for this node, or null where there is none (DB-less, or PostgreSQL down at start with
   * RBAC off).
   *
   * @param databaseDown the node started from its last good configuration, PostgreSQL not answering
   * @throws IllegalStateException when RBAC is asked for where it cannot run
   */
  static @Nullable Rbac rbac(Node node, Settings settings, boolean databaseDown) {
    EnforceMode mode = EnforceMode.parse(settings.string("enforce_rbac", "off"));
    if (settings.database() == Database.OFF) {
      if (mode != EnforceMode.OFF) {
        throw new IllegalStateException("enforce_rbac = " + settings.string("enforce_rbac", "off")
            + " needs a database: RBAC users, roles and permissions are kept in it, and a DB-less node (database = off)"
            + " has none; use database = sqlite or postgres, or enforce_rbac = off");
      }
      return null;
    }
    if (databaseDown) {
      if (mode != EnforceMode.OFF) {
        throw new IllegalStateException("enforce_rbac = " + settings.string("enforce_rbac", "off")
            + " needs the database at start, to authenticate Admin API users; it does not answer");
      }
      LOG.warn("the database does not answer: no /rbac endpoints until the node restarts with it");
      return null;
    }
    RbacStore store = node.add("rbac tables", settings.database() == Database.SQLITE
        ? SqliteConfigStore.rbac(settings.sqliteFile())
        : PostgresConfigStore.rbac(GatehouseWiring.postgresSettings(settings)));
    Rbac rbac = Rbac.create(mode, settings.string("admin_gui_auth_header", Rbac.DEFAULT_HEADER), store, Clock.systemUTC());
    String guiAuth = settings.string("admin_gui_auth");
    if (guiAuth != null) {
      if (mode == EnforceMode.OFF) {
        throw new IllegalStateException("admin_gui_auth = " + guiAuth + " needs enforce_rbac = on, entity or both:"
            + " with RBAC off there is nobody to log in as");
      }
      rbac.withBasicAuth(loginSessions(settings.string("admin_gui_session_conf")));
    }
    if (rbac.bootstrap(settings.text("password"))) {
      LOG.info("created the RBAC super admin '{}' from the password setting", Rbac.BOOTSTRAP_USER);
    }
    if (mode != EnforceMode.OFF) {
      LOG.info("Admin API RBAC enforced ({}): requests need the {} header", mode.name().toLowerCase(java.util.Locale.ROOT),
          settings.string("admin_gui_auth_header", Rbac.DEFAULT_HEADER));
    }
    return rbac;
  }

  /**
   * {@code admin_gui_session_conf}: Kong Enterprise's session settings as JSON; Gatehouse reads
   * {@code cookie_name}, {@code cookie_lifetime} (seconds) and {@code cookie_secure}, and ignores the
   * rest ({@code secret}, {@code storage}: sessions are kept server-side, in the node's memory).
   */
  static LoginSessions loginSessions(@Nullable String json) {
    LoginSessions d = LoginSessions.DEFAULTS;
    if (json == null || json.isBlank()) {
      return d;
    }
    com.fasterxml.jackson.databind.JsonNode conf;
    try {
      conf = io.gatehouse.core.json.Json.MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("admin_gui_session_conf: expected a JSON object, got '" + json + "'");
    }
    if (!conf.isObject()) {
      throw new IllegalArgumentException("admin_gui_session_conf: expected a JSON object, got '" + json + "'");
    }
    return new LoginSessions(conf.path("cookie_name").asText(d.cookieName()),
        Duration.ofSeconds(conf.path("cookie_lifetime").asLong(d.lifetime().toSeconds())),
        conf.path("cookie_secure").asBoolean(d.secure()));
  }

  /**
   * The audit log when {@code audit_log} is on, else null: its ignore rules and signing key from
   * the settings, its records also handed to {@code export}.
   *
   * @throws IllegalArgumentException when an ignore pattern or the signing key cannot be used
   */
  static @Nullable AuditTrail audit(Node node, Settings settings, boolean databaseDown, AuditExport export) {
    if (!Boolean.TRUE.equals(settings.bool("audit_log"))) {
      return null;
    }
    Integer ttl = settings.integer("audit_log_record_ttl");
    java.util.function.LongSupplier seconds = () -> System.currentTimeMillis() / 1000;
    AuditLog log = node.add("audit log", switch (settings.database()) {
      case OFF -> DblessConfigStore.audit(seconds);
      case SQLITE -> SqliteConfigStore.audit(settings.sqliteFile(), seconds);
      case POSTGRES -> databaseDown ? DblessConfigStore.audit(seconds)
          : PostgresConfigStore.audit(GatehouseWiring.postgresSettings(settings), seconds);
    });
    AuditTrail trail = AuditTrail.create(log, ttl == null ? AuditTrail.DEFAULT_TTL : Duration.ofSeconds(ttl), Clock.systemUTC())
        .ignoring(AuditRules.of(settings.list("audit_log_ignore_methods"), settings.list("audit_log_ignore_paths"))
            .ignoringTables(settings.list("audit_log_ignore_tables")))
        .exportingTo(export);
    String key = settings.string("audit_log_signing_key");
    return key == null ? trail : trail.signedBy(AuditSigner.of(PemSources.read("audit_log_signing_key", key)));
  }
}
