package io.gatehouse.store.postgres;

import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * Where and how to reach PostgreSQL: Kong's {@code pg_*} settings plus {@code db_update_frequency}.
 *
 * @param host {@code pg_host}
 * @param port {@code pg_port}
 * @param database {@code pg_database}
 * @param user {@code pg_user}
 * @param password {@code pg_password}, null for none
 * @param schema {@code pg_schema}, null for the server's search path (normally {@code public})
 * @param timeout {@code pg_timeout}: connecting, and waiting for a pooled connection
 * @param ssl {@code pg_ssl}
 * @param sslVerify {@code pg_ssl_verify}: check the server's certificate and host name
 * @param poolSize {@code pg_pool_size}: connections per node
 * @param updateFrequency {@code db_update_frequency}: how often to poll the config version, the
 *     fallback for a missed {@code NOTIFY}
 */
public record PostgresSettings(
    String host,
    int port,
    String database,
    String user,
    @Nullable String password,
    @Nullable String schema,
    Duration timeout,
    boolean ssl,
    boolean sslVerify,
    int poolSize,
    Duration updateFrequency) {

  public PostgresSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(updateFrequency, "updateFrequency");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535, got " + port);
    }
    if (timeout.toMillis() < 250) {
      throw new IllegalArgumentException("timeout must be at least 250 ms, got " + timeout);
    }
    if (poolSize < 1) {
      throw new IllegalArgumentException("poolSize must be positive, got " + poolSize);
    }
    if (updateFrequency.toMillis() < 10) {
      throw new IllegalArgumentException("updateFrequency must be at least 10 ms, got " + updateFrequency);
    }
    if (schema != null && schema.isBlank()) {
      schema = null;
    }
  }

  /** Kong's defaults ({@code 127.0.0.1:5432}, database and user {@code kong}, 5 s, poll every 5 s). */
  public static PostgresSettings defaults() {
    return new PostgresSettings("127.0.0.1", 5432, "kong", "kong", null, null, Duration.ofMillis(5000),
        false, false, 10, Duration.ofSeconds(5));
  }

  public PostgresSettings withServer(String newHost, int newPort, String newDatabase) {
    return new PostgresSettings(newHost, newPort, newDatabase, user, password, schema, timeout, ssl, sslVerify,
        poolSize, updateFrequency);
  }

  public PostgresSettings withLogin(String newUser, @Nullable String newPassword) {
    return new PostgresSettings(host, port, database, newUser, newPassword, schema, timeout, ssl, sslVerify,
        poolSize, updateFrequency);
  }

  public PostgresSettings withSchema(@Nullable String newSchema) {
    return new PostgresSettings(host, port, database, user, password, newSchema, timeout, ssl, sslVerify,
        poolSize, updateFrequency);
  }

  public PostgresSettings withTimeout(Duration newTimeout) {
    return new PostgresSettings(host, port, database, user, password, schema, newTimeout, ssl, sslVerify,
        poolSize, updateFrequency);
  }

  public PostgresSettings withSsl(boolean newSsl, boolean newSslVerify) {
    return new PostgresSettings(host, port, database, user, password, schema, timeout, newSsl, newSslVerify,
        poolSize, updateFrequency);
  }

  public PostgresSettings withPoolSize(int newPoolSize) {
    return new PostgresSettings(host, port, database, user, password, schema, timeout, ssl, sslVerify,
        newPoolSize, updateFrequency);
  }

  public PostgresSettings withUpdateFrequency(Duration newFrequency) {
    return new PostgresSettings(host, port, database, user, password, schema, timeout, ssl, sslVerify,
        poolSize, newFrequency);
  }

  /** {@code jdbc:postgresql://host:port/database} */
  String jdbcUrl() {
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return "jdbc:postgresql://" + h + ":" + port + "/" + database;
  }

  /** The driver properties every connection of the store uses (pool and listener alike). */
  Properties driverProperties() {
    Properties p = new Properties();
    p.setProperty("user", user);
    if (password != null) {
      p.setProperty("password", password);
    }
    if (schema != null) {
      p.setProperty("currentSchema", schema);
    }
    p.setProperty("connectTimeout", Long.toString(Math.max(1, (timeout.toMillis() + 999) / 1000)));
    p.setProperty("tcpKeepAlive", "true");
    p.setProperty("ApplicationName", "gatehouse");
    p.setProperty("sslmode", !ssl ? "disable" : sslVerify ? "verify-full" : "require");
    return p;
  }

  /** Without the password, for messages. */
  @Override
  public String toString() {
    return "postgresql://" + user + "@" + host + ":" + port + "/" + database
        + (schema == null ? "" : " (schema " + schema + ")");
  }
}
