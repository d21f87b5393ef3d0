package io.gatehouse.store.portal;

import static io.gatehouse.store.internal.SideStatements.one;
import static io.gatehouse.store.internal.SideStatements.query;
import static io.gatehouse.store.internal.SideStatements.update;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
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
 * A taken unique value is Kong's unique violation (code 5).
 */
public final class PortalStore implements AutoCloseable {
  private static final String PRODUCT = "id, name, description, version, service_ids, route_ids, openapi, plans,"
      + " auto_approve, created_at, updated_at, openapi_url, openapi_fetched_at";
  private static final String DEVELOPER = "id, email, password_hash, status, created_at, updated_at";
  private static final String APPLICATION = "id, developer_id, name, consumer_id, created_at, updated_at";
  private static final String SUBSCRIPTION = "id, application_id, product_id, plan, status, created_at, updated_at,"
      + " decided_at";

  private final ConnectionTurns connections;

  private PortalStore(ConnectionTurns connections) {
    this.connections = connections;
  }

  /** Over one auto-commit connection (SQLite), owned from now on; calls take turns. */
  public static PortalStore single(Connection connection) {
    return new PortalStore(ConnectionTurns.single(Objects.requireNonNull(connection, "connection")));
  }

  /** Over a pool of auto-commit connections (PostgreSQL), owned from now on. */
  public static PortalStore pooled(DataSource pool) {
    return new PortalStore(ConnectionTurns.pooled(Objects.requireNonNull(pool, "pool")));
  }

  // --- products ------------------------------------------------------------------------------

  public ApiProduct insertProduct(ApiProduct p) {
    write("name", p.name(), "INSERT INTO portal_products (" + PRODUCT + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        p.id(), p.name(), p.description(), p.version(), list(p.serviceIds()), list(p.routeIds()), p.openapi(), p.plans(),
        p.autoApprove(), p.createdAt(), p.updatedAt(), p.openapiUrl(), p.openapiFetchedAt());
    return p;
  }

  public ApiProduct replaceProduct(ApiProduct p) {
    write("name", p.name(), "UPDATE portal_products SET name = ?, description = ?, version = ?, service_ids = ?,"
        + " route_ids = ?, openapi = ?, plans = ?, auto_approve = ?, updated_at = ?, openapi_url = ?,"
        + " openapi_fetched_at = ? WHERE id = ?",
        p.name(), p.description(), p.version(), list(p.serviceIds()), list(p.routeIds()), p.openapi(), p.plans(),
        p.autoApprove(), p.updatedAt(), p.openapiUrl(), p.openapiFetchedAt(), p.id());
    return p;
  }

  /** The product with this id or name. */
  public Optional<ApiProduct> product(String idOrName) {
    return run(c -> one(c, "SELECT " + PRODUCT + " FROM portal_products WHERE id = ? OR name = ?",
        PortalStore::product, idOrName, idOrName));
  }

  /** Every product, by name. */
  public List<ApiProduct> products() {
    return run(c -> query(c, "SELECT " + PRODUCT + " FROM portal_products ORDER BY name", PortalStore::product));
  }

  /** Deletes the product and its subscriptions (the caller removed their grants first). */
  public boolean deleteProduct(String id) {
    return run(c -> SideStatements.inTransaction(c, t -> {
      update(t, "DELETE FROM portal_subscriptions WHERE product_id = ?", id);
      return update(t, "DELETE FROM portal_products WHERE id = ?", id) > 0;
    }));
  }

  // --- developers ----------------------------------------------------------------------------

  public Developer insertDeveloper(Developer d) {
    write("email", d.email(), "INSERT INTO portal_developers (" + DEVELOPER + ") VALUES (?, ?, ?, ?, ?, ?)",
        d.id(), d.email(), d.passwordHash(), d.status().jsonName(), d.createdAt(), d.updatedAt());
    return d;
  }

  public Developer replaceDeveloper(Developer d) {
    run(c -> update(c, "UPDATE portal_developers SET status = ?, password_hash = ?, updated_at = ? WHERE id = ?",
        d.status().jsonName(), d.passwordHash(), d.updatedAt(), d.id()));
    return d;
  }

  /** The developer with this id or e-mail address (addresses are kept lower case; any case finds them). */
  public Optional<Developer> developer(String idOrEmail) {
    return run(c -> one(c, "SELECT " + DEVELOPER + " FROM portal_developers WHERE id = ? OR email = ?",
        PortalStore::developer, idOrEmail, idOrEmail.toLowerCase(java.util.Locale.ROOT)));
  }

  /** Every developer, by e-mail address. */
  public List<Developer> developers() {
    return run(c -> query(c, "SELECT " + DEVELOPER + " FROM portal_developers ORDER BY email", PortalStore::developer));
  }

  // --- applications --------------------------------------------------------------------------

  public Application insertApplication(Application a) {
    write("name", a.name(), "INSERT INTO portal_applications (" + APPLICATION + ") VALUES (?, ?, ?, ?, ?, ?)",
        a.id(), a.developerId(), a.name(), a.consumerId(), a.createdAt(), a.updatedAt());
    return a;
  }

  public Optional<Application> application(String id) {
    return run(c -> one(c, "SELECT " + APPLICATION + " FROM portal_applications WHERE id = ?",
        PortalStore::application, id));
  }

  /** A developer's applications, or every application when {@code developerId} is null. */
  public List<Application> applications(@org.jspecify.annotations.Nullable String developerId) {
    return developerId == null
        ? run(c -> query(c, "SELECT " + APPLICATION + " FROM portal_applications ORDER BY created_at, id",
            PortalStore::application))
        : run(c -> query(c, "SELECT " + APPLICATION + " FROM portal_applications WHERE developer_id = ?"
            + " ORDER BY created_at, id", PortalStore::application, developerId));
  }

  // --- subscriptions -------------------------------------------------------------------------

  /** Inserts {@code s}; a second subscription of one application to one product is a unique violation. */
  public Subscription insertSubscription(Subscription s) {
    write("product", s.productId(), "INSERT INTO portal_subscriptions (" + SUBSCRIPTION
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)", s.id(), s.applicationId(), s.productId(), s.plan(), s.status().jsonName(),
        s.createdAt(), s.updatedAt(), s.decidedAt());
    return s;
  }

  public Subscription replaceSubscription(Subscription s) {
    run(c -> update(c, "UPDATE portal_subscriptions SET plan = ?, status = ?, updated_at = ?, decided_at = ? WHERE id = ?",
        s.plan(), s.status().jsonName(), s.updatedAt(), s.decidedAt(), s.id()));
    return s;
  }

  public Optional<Subscription> subscription(String id) {
    return run(c -> one(c, "SELECT " + SUBSCRIPTION + " FROM portal_subscriptions WHERE id = ?",
        PortalStore::subscription, id));
  }

  /** Subscriptions, oldest first, filtered by whichever of the arguments is not null. */
  public List<Subscription> subscriptions(@org.jspecify.annotations.Nullable String applicationId,
      @org.jspecify.annotations.Nullable String productId, @org.jspecify.annotations.Nullable SubscriptionStatus status) {
    String sql = "SELECT " + SUBSCRIPTION + " FROM portal_subscriptions WHERE (? IS NULL OR application_id = ?)"
        + " AND (? IS NULL OR product_id = ?) AND (? IS NULL OR status = ?) ORDER BY created_at, id";
    String st = status == null ? null : status.jsonName();
    return run(c -> query(c, sql, PortalStore::subscription, applicationId, applicationId, productId, productId, st, st));
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
        rs.getString(12), rs.getLong(13));
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
