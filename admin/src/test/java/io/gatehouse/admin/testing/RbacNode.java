package io.gatehouse.admin.testing;

import io.gatehouse.admin.audit.AuditTrail;
import io.gatehouse.admin.rbac.EnforceMode;
import io.gatehouse.admin.rbac.Rbac;
import io.gatehouse.store.audit.AuditLog;
import io.gatehouse.store.rbac.RbacStore;
import io.gatehouse.store.sqlite.SqliteConfigStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A {@link TestAdmin} with RBAC enforced in {@code mode} and the audit log on, its RBAC and audit
 * tables in an SQLite file of their own; {@code kong_admin} (super-admin) is bootstrapped with
 * {@link #SUPER_TOKEN}.
 */
public final class RbacNode implements AutoCloseable {
  public static final String HEADER = "Kong-Admin-Token";
  public static final String SUPER_TOKEN = "bootstrap-super-admin-token";

  /** The SQLite file of the RBAC and audit tables; null when they are in another database. */
  public final Path rbacFile;
  public final RbacStore rbacStore;
  public final AuditLog auditLog;
  public final TestAdmin gw;
  /** Sends no token. */
  public final AdminClient anonymous;
  /** Sends the super admin's token. */
  public final AdminClient superAdmin;

  public RbacNode(EnforceMode mode) throws IOException {
    this(mode, () -> System.currentTimeMillis() / 1000);
  }

  public RbacNode(EnforceMode mode, LongSupplier auditClockSeconds) throws IOException {
    this(mode, Files.createTempDirectory("gatehouse-rbac-test").resolve("rbac.db"), auditClockSeconds);
  }

  private RbacNode(EnforceMode mode, Path file, LongSupplier auditClockSeconds) throws IOException {
    this(mode, file, SqliteConfigStore.rbac(file), SqliteConfigStore.audit(file, auditClockSeconds), auditClockSeconds);
  }

  /** Everything (configuration, workspaces, RBAC, audit) in a fresh database of the shared PostgreSQL server. */
  public static RbacNode onPostgres(EnforceMode mode) throws Exception {
    io.gatehouse.store.postgres.PostgresSettings settings = SharedPostgres.freshSettings();
    return new RbacNode(mode, io.gatehouse.store.postgres.PostgresConfigStore.rbac(settings),
        io.gatehouse.store.postgres.PostgresConfigStore.audit(settings, () -> System.currentTimeMillis() / 1000),
        TestAdmin.StoreKind.POSTGRES);
  }

  /** With RBAC and audit tables of another database (PostgreSQL); the config store stays SQLite. */
  public RbacNode(EnforceMode mode, RbacStore rbacStore, AuditLog auditLog) throws IOException {
    this(mode, rbacStore, auditLog, TestAdmin.StoreKind.SQLITE);
  }

  /** With RBAC and audit tables of another database and the config store of {@code configStore}'s kind. */
  public RbacNode(EnforceMode mode, RbacStore rbacStore, AuditLog auditLog, TestAdmin.StoreKind configStore)
      throws IOException {
    this(mode, null, rbacStore, auditLog, () -> System.currentTimeMillis() / 1000, configStore);
  }

  private RbacNode(EnforceMode mode, Path file, RbacStore rbacStore, AuditLog auditLog, LongSupplier auditClockSeconds)
      throws IOException {
    this(mode, file, rbacStore, auditLog, auditClockSeconds, TestAdmin.StoreKind.SQLITE);
  }

  private RbacNode(EnforceMode mode, Path file, RbacStore rbacStore, AuditLog auditLog, LongSupplier auditClockSeconds,
      TestAdmin.StoreKind configStore) throws IOException {
    this.rbacFile = file;
    this.rbacStore = rbacStore;
    this.auditLog = auditLog;
    // the Manager's basic-auth login too (GET/DELETE /auth), so suites that walk every endpoint cover it
    Rbac rbac = Rbac.create(mode, HEADER, rbacStore, Clock.systemUTC());
    if (mode != EnforceMode.OFF) {
      rbac.withBasicAuth(io.gatehouse.admin.rbac.LoginSessions.DEFAULTS);
    }
    rbac.bootstrap(SUPER_TOKEN);
    AuditTrail audit = AuditTrail.create(auditLog, Duration.ofSeconds(60), new SecondsClock(auditClockSeconds));
    // the portal's operator endpoints too, so suites that walk every endpoint cover them
    io.gatehouse.store.portal.PortalStore portal = SqliteConfigStore.portal(
        Files.createTempDirectory("gatehouse-portal-test").resolve("portal.db"));
    gw = new TestAdmin(configStore, b -> b.rbac(rbac).audit(audit).portal(io.gatehouse.admin.portal.Portal.create(portal, b.store(),
        b.registry(), Clock.systemUTC(), false)));
    anonymous = gw.client;
    superAdmin = gw.client.withHeader(HEADER, SUPER_TOKEN);
  }

  /** Creates a user through the Admin API (as the super admin) with these roles; returns a client sending its token. */
  public AdminClient user(String name, String token, String... roles) {
    AdminClient.Resp created = superAdmin.post("/rbac/users", "{\"name\":\"" + name + "\",\"user_token\":\"" + token + "\"}");
    if (created.status() != 201) {
      throw new IllegalStateException("cannot create user " + name + ": " + created);
    }
    if (roles.length > 0) {
      AdminClient.Resp added = superAdmin.post("/rbac/users/" + name + "/roles", "{\"roles\":\"" + String.join(",", roles) + "\"}");
      if (added.status() != 201) {
        throw new IllegalStateException("cannot give " + name + " roles: " + added);
      }
    }
    return gw.client.withHeader(HEADER, token);
  }

  /** A clock reading whole seconds from a supplier the test may move. */
  private static final class SecondsClock extends Clock {
    private final LongSupplier seconds;

    SecondsClock(LongSupplier seconds) {
      this.seconds = seconds;
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public java.time.Instant instant() {
      return java.time.Instant.ofEpochSecond(seconds.getAsLong());
    }
  }

  @Override
  public void close() {
    gw.close();
    rbacStore.close();
    auditLog.close();
  }
}
