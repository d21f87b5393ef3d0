package io.gatehouse.store.portal;

import static io.gatehouse.store.internal.SideStatements.one;
import static io.gatehouse.store.internal.SideStatements.query;
import static io.gatehouse.store.internal.SideStatements.update;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.store.StoreTransaction;
import io.gatehouse.store.internal.ConnectionTurns;
import io.gatehouse.store.internal.Jdbc;
import io.gatehouse.store.internal.SideStatements;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The portal's tables of one database (products, developers, applications, subscriptions). Blocking
 * JDBC: call it from a worker thread (the Admin and portal APIs' handlers run on virtual threads).
 * A taken unique value is Kong's unique violation (code 5). Writes that go with Kong entities (the
 * portal's consumers, keys, guards and grants) run {@link #within} the store transaction that
 * writes those, so both commit or neither does.
 */
public final class PortalStore implements AutoCloseable {
  private static final String PRODUCT = "id, name, description, version, service_ids, route_ids, openapi, plans,"
      + " auto_approve, created_at, updated_at, openapi_url, openapi_fetched_at, auth, openapi_checked_at,"
      + " openapi_fetch_error";
  private static final String DEVELOPER = "id, email, password_hash, status, created_at, updated_at";
  private static final String APPLICATION = "id, developer_id, name, consumer_id, created_at, updated_at";
  private static final String SUBSCRIPTION = "id, application_id, product_id, plan, status, created_at, updated_at,"
      + " decided_at";

  /** The default workspace's id (rows written before workspaces had a portal belong to it). */
  public static final String DEFAULT_WORKSPACE = "00000000-0000-4000-8000-00000000d3fa";

  private final ConnectionTurns connections;
  private final String ws;

  private PortalStore(ConnectionTurns connections, String ws) {
    this.connections = connections;
    this.ws = ws;
  }

  /**
   * The same tables as one workspace's portal sees them: reads find only its rows, writes put rows
   * in it. Shares this store's connections (close the store it came from, not the view).
   */
  public PortalStore in(String wsId) {
    return wsId.equals(ws) ? this : new PortalStore(connections, Objects.requireNonNull(wsId, "wsId"));
  }

  /**
   * The same workspace's tables inside an open store transaction ({@link StoreTransaction#sideTables}):
   * reads see its writes, and writes commit or roll back with the entities it writes. Only for the
   * thread running that transaction, until it ends.
   */
  public PortalStore within(StoreTransaction tx) {
    return new PortalStore(ConnectionTurns.joining(tx), ws);
  }

  /** The developers' login sessions of {@code kind} (the cookie's name), on these connections. */
  public io.gatehouse.store.login.LoginSessionRows sessions(String kind) {
    return new io.gatehouse.store.login.LoginSessionRows(connections, kind);
  }

  /** The developers' OpenID logins in progress (every workspace's), on these connections. */
  public io.gatehouse.store.login.OidcLoginRows oidcLogins() {
    return new io.gatehouse.store.login.OidcLoginRows(connections);
  }

  /** Over one auto-commit connection (SQLite), owned from now on; calls take turns. */
  public static PortalStore single(Connection connection) {
    return new PortalStore(ConnectionTurns.single(Objects.requireNonNull(connection, "connection")), DEFAULT_WORKSPACE);
  }

  /** Over a pool of auto-commit connections (PostgreSQL), owned from now on. */
  public static PortalStore pooled(DataSource pool) {
    return new PortalStore(ConnectionTurns.pooled(Objects.requireNonNull(pool, "pool")), DEFAULT_WORKSPACE);
  }

  // --- products ------------------------------------------------------------------------------

  public ApiProduct insertProduct(ApiProduct p) {
    write("name", p.name(), "INSERT INTO portal_products (" + PRODUCT + ", ws_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        p.id(), p.name(), p.description(), p.version(), list(p.serviceIds()), list(p.routeIds()), p.openapi(), p.plans(),
        p.autoApprove(), p.createdAt(), p.updatedAt(), p.openapiUrl(), p.openapiFetchedAt(), p.auth(),
        p.openapiCheckedAt(), p.openapiFetchError(), ws);
    return p;
  }

  public ApiProduct replaceProduct(ApiProduct p) {
    write("name", p.name(), "UPDATE portal_products SET name = ?, description = ?, version = ?, service_ids = ?,"
        + " route_ids = ?, openapi = ?, plans = ?, auto_approve = ?, updated_at = ?, openapi_url = ?,"
        + " openapi_fetched_at = ?, auth = ?, openapi_checked_at = ?, openapi_fetch_error = ? WHERE id = ? AND ws_id = ?",
        p.name(), p.description(), p.version(), list(p.serviceIds()), list(p.routeIds()), p.openapi(), p.plans(),
        p.autoApprove(), p.updatedAt(), p.openapiUrl(), p.openapiFetchedAt(), p.auth(), p.openapiCheckedAt(),
        p.openapiFetchError(), p.id(), ws);
    return p;
  }

  /** A product of some workspace whose {@code openapi_url} is due to be fetched again. */
  public record DueProduct(String wsId, ApiProduct product) {}

  /**
   * Every workspace's products with an {@code openapi_url} last tried at or before {@code checkedBy}
   * (epoch seconds), the longest waiting first.
   */
  public List<DueProduct> openApiDue(long checkedBy) {
    return run(c -> query(c, "SELECT " + PRODUCT + ", ws_id FROM portal_products WHERE openapi_url IS NOT NULL"
        + " AND openapi_checked_at <= ? ORDER BY openapi_checked_at, id",
        rs -> new DueProduct(rs.getString(17), product(rs)), checkedBy));
  }

  /**
   * Claims a try of the product's document: moves its last try from {@code seen} to {@code now},
   * only if no one (another node) moved it since. False: someone did, leave it to them.
   */
  public boolean claimOpenApiCheck(String id, long seen, long now) {
    return run(c -> update(c, "UPDATE portal_products SET openapi_checked_at = ? WHERE id = ? AND ws_id = ?"
        + " AND openapi_checked_at = ? AND openapi_url IS NOT NULL", now, id, ws, seen)) > 0;
  }

  /**
   * Records a fetch of {@code url} that gave {@code document}: stored, the error cleared, and
   * {@code updated_at} moved only when the document changed. Nothing happens when the product's URL
   * is no longer {@code url} (changed meanwhile); writing the same fetch twice changes nothing more.
   *
   * @return whether the product still had that URL
   */
  public boolean openApiFetched(String id, String url, String document, long now) {
    return run(c -> update(c, "UPDATE portal_products SET updated_at = CASE WHEN openapi = ? THEN updated_at ELSE ? END,"
        + " openapi = ?, openapi_fetched_at = ?, openapi_checked_at = ?, openapi_fetch_error = NULL"
        + " WHERE id = ? AND ws_id = ? AND openapi_url = ?", document, now, document, now, now, id, ws, url)) > 0;
  }

  /** Records a failed fetch of {@code url}: the document stays, {@code error} says why (unless the URL changed). */
  public boolean openApiFetchFailed(String id, String url, String error, long now) {
    return run(c -> update(c, "UPDATE portal_products SET openapi_fetch_error = ?, openapi_checked_at = ?"
        + " WHERE id = ? AND ws_id = ? AND openapi_url = ?", error, now, id, ws, url)) > 0;
  }

  /** The product with this id or name. */
  public Optional<ApiProduct> product(String idOrName) {
    return run(c -> one(c, "SELECT " + PRODUCT + " FROM portal_products WHERE ws_id = ? AND (id = ? OR name = ?)",
        PortalStore::product, ws, idOrName, idOrName));
  }

  /** Every product, by name. */
  public List<ApiProduct> products() {
    return run(c -> query(c, "SELECT " + PRODUCT + " FROM portal_products WHERE ws_id = ? ORDER BY name", PortalStore::product, ws));
  }

  /** Deletes the product and its subscriptions (the caller removed their grants first). */
  public boolean deleteProduct(String id) {
    return atomically(t -> {
      update(t, "DELETE FROM portal_subscriptions WHERE product_id = ? AND ws_id = ?", id, ws);
      return update(t, "DELETE FROM portal_products WHERE id = ? AND ws_id = ?", id, ws) > 0;
    });
  }

  // --- developers ----------------------------------------------------------------------------

  public Developer insertDeveloper(Developer d) {
    write("email", d.email(), "INSERT INTO portal_developers (" + DEVELOPER + ", ws_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
        d.id(), d.email(), d.passwordHash(), d.status().jsonName(), d.createdAt(), d.updatedAt(), ws);
    return d;
  }

  public Developer replaceDeveloper(Developer d) {
    run(c -> update(c, "UPDATE portal_developers SET status = ?, password_hash = ?, updated_at = ? WHERE id = ? AND ws_id = ?",
        d.status().jsonName(), d.passwordHash(), d.updatedAt(), d.id(), ws));
    return d;
  }

  /** The developer with this id or e-mail address (addresses are kept lower case; any case finds them). */
  public Optional<Developer> developer(String idOrEmail) {
    return run(c -> one(c, "SELECT " + DEVELOPER + " FROM portal_developers WHERE ws_id = ? AND (id = ? OR email = ?)",
        PortalStore::developer, ws, idOrEmail, idOrEmail.toLowerCase(java.util.Locale.ROOT)));
  }

  /** Every developer, by e-mail address. */
  public List<Developer> developers() {
    return run(c -> query(c, "SELECT " + DEVELOPER + " FROM portal_developers WHERE ws_id = ? ORDER BY email", PortalStore::developer, ws));
  }

  /** The developer an OpenID provider's {@code issuer} and {@code subject} name, if one was opened that way. */
  public Optional<Developer> developerByIdentity(String issuer, String subject) {
    return run(c -> one(c, "SELECT " + prefixed("d.", DEVELOPER) + " FROM portal_developers d JOIN portal_developer_identities i"
        + " ON i.developer_id = d.id WHERE i.ws_id = ? AND i.issuer = ? AND i.subject = ?", PortalStore::developer, ws, issuer,
        subject));
  }

  /** Inserts a developer and the provider identity that names it, in one transaction. */
  public Developer insertDeveloperWithIdentity(Developer d, String issuer, String subject) {
    atomically(t -> {
      try {
        update(t, "INSERT INTO portal_developers (" + DEVELOPER + ", ws_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
            d.id(), d.email(), d.passwordHash(), d.status().jsonName(), d.createdAt(), d.updatedAt(), ws);
      } catch (SQLException e) {
        if (SideStatements.isUniqueViolation(e)) {
          throw KongException.uniqueViolation(Map.of("email", Json.NODES.textNode(d.email())));
        }
        throw e;
      }
      return update(t, "INSERT INTO portal_developer_identities (ws_id, issuer, subject, developer_id, created_at)"
          + " VALUES (?, ?, ?, ?, ?)", ws, issuer, subject, d.id(), d.createdAt());
    });
    return d;
  }

  // --- applications --------------------------------------------------------------------------

  public Application insertApplication(Application a) {
    write("name", a.name(), "INSERT INTO portal_applications (" + APPLICATION + ", ws_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
        a.id(), a.developerId(), a.name(), a.consumerId(), a.createdAt(), a.updatedAt(), ws);
    return a;
  }

  public Optional<Application> application(String id) {
    return run(c -> one(c, "SELECT " + APPLICATION + " FROM portal_applications WHERE id = ? AND ws_id = ?",
        PortalStore::application, id, ws));
  }

  /** A developer's applications, or every application when {@code developerId} is null. */
  public List<Application> applications(@org.jspecify.annotations.Nullable String developerId) {
    return developerId == null
        ? run(c -> query(c, "SELECT " + APPLICATION + " FROM portal_applications WHERE ws_id = ? ORDER BY created_at, id",
            PortalStore::application, ws))
        : run(c -> query(c, "SELECT " + APPLICATION + " FROM portal_applications WHERE developer_id = ? AND ws_id = ?"
            + " ORDER BY created_at, id", PortalStore::application, developerId, ws));
  }

  /** Deletes an application and its subscriptions (the caller removed its consumer, and so its grants, first). */
  public boolean deleteApplication(String id) {
    return atomically(t -> {
      update(t, "DELETE FROM portal_subscriptions WHERE application_id = ? AND ws_id = ?", id, ws);
      return update(t, "DELETE FROM portal_applications WHERE id = ? AND ws_id = ?", id, ws) > 0;
    });
  }

  /** Deletes a developer with its provider identities (the caller deleted its applications first). */
  public boolean deleteDeveloper(String id) {
    return atomically(t -> {
      update(t, "DELETE FROM portal_developer_identities WHERE developer_id = ? AND ws_id = ?", id, ws);
      return update(t, "DELETE FROM portal_developers WHERE id = ? AND ws_id = ?", id, ws) > 0;
    });
  }

  // --- subscriptions -------------------------------------------------------------------------

  /** Inserts {@code s}; a second subscription of one application to one product is a unique violation. */
  public Subscription insertSubscription(Subscription s) {
    write("product", s.productId(), "INSERT INTO portal_subscriptions (" + SUBSCRIPTION
        + ", ws_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", s.id(), s.applicationId(), s.productId(), s.plan(),
        s.status().jsonName(), s.createdAt(), s.updatedAt(), s.decidedAt(), ws);
    return s;
  }

  public Subscription replaceSubscription(Subscription s) {
    run(c -> update(c, "UPDATE portal_subscriptions SET plan = ?, status = ?, updated_at = ?, decided_at = ? WHERE id = ?"
        + " AND ws_id = ?", s.plan(), s.status().jsonName(), s.updatedAt(), s.decidedAt(), s.id(), ws));
    return s;
  }

  public Optional<Subscription> subscription(String id) {
    return run(c -> one(c, "SELECT " + SUBSCRIPTION + " FROM portal_subscriptions WHERE id = ? AND ws_id = ?",
        PortalStore::subscription, id, ws));
  }

  /** Subscriptions, oldest first, filtered by whichever of the arguments is not null. */
  public List<Subscription> subscriptions(@org.jspecify.annotations.Nullable String applicationId,
      @org.jspecify.annotations.Nullable String productId, @org.jspecify.annotations.Nullable SubscriptionStatus status) {
    String sql = "SELECT " + SUBSCRIPTION + " FROM portal_subscriptions WHERE ws_id = ? AND (? IS NULL OR application_id = ?)"
        + " AND (? IS NULL OR product_id = ?) AND (? IS NULL OR status = ?) ORDER BY created_at, id";
    String st = status == null ? null : status.jsonName();
    return run(c -> query(c, sql, PortalStore::subscription, ws, applicationId, applicationId, productId, productId, st, st));
  }

  // --- plumbing ------------------------------------------------------------------------------

  private void write(String uniqueField, String value, String sql, Object... args) {
    run(c -> {
      try {
        return update(c, sql, args);
      } catch (SQLException e) {
        if (SideStatements.isUniqueViolation(e)) {
          throw KongException.uniqueViolation(Map.of(uniqueField, Json.NODES.textNode(value)));
        }
        throw e;
      }
    });
  }

  private <T> T run(ConnectionTurns.Work<T> work) {
    try {
      return connections.use(work);
    } catch (SQLException e) {
      throw Jdbc.databaseError("portal operation failed: " + e.getMessage(), e);
    }
  }

  /** Statements that take effect together (in the joined store transaction, when there is one). */
  private <T> T atomically(ConnectionTurns.Work<T> work) {
    try {
      return connections.transaction(work);
    } catch (SQLException e) {
      throw Jdbc.databaseError("portal operation failed: " + e.getMessage(), e);
    }
  }

  private static String prefixed(String alias, String columns) {
    return alias + columns.replace(", ", ", " + alias);
  }

  private static String list(List<String> ids) {
    try {
      return Json.MAPPER.writeValueAsString(ids);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> ids(String text) {
    try {
      return Json.MAPPER.readValue(text, new TypeReference<List<String>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("portal_products holds a list that is not JSON: " + text, e);
    }
  }

  private static ApiProduct product(ResultSet rs) throws SQLException {
    return new ApiProduct(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), ids(rs.getString(5)),
        ids(rs.getString(6)), rs.getString(7), rs.getString(8), rs.getInt(9) != 0, rs.getLong(10), rs.getLong(11),
        rs.getString(12), rs.getLong(13), rs.getString(14), rs.getLong(15), rs.getString(16));
  }

  private static Developer developer(ResultSet rs) throws SQLException {
    return new Developer(rs.getString(1), rs.getString(2), rs.getString(3), DeveloperStatus.parse(rs.getString(4)),
        rs.getLong(5), rs.getLong(6));
  }

  private static Application application(ResultSet rs) throws SQLException {
    return new Application(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
        rs.getLong(6));
  }

  private static Subscription subscription(ResultSet rs) throws SQLException {
    return new Subscription(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
        SubscriptionStatus.parse(rs.getString(5)), rs.getLong(6), rs.getLong(7), rs.getLong(8));
  }

  @Override
  public void close() {
    try {
      connections.close();
    } catch (Exception e) {
      throw Jdbc.databaseError("cannot close the portal connection: " + e.getMessage(), e);
    }
  }
}
