package io.gatehouse.store.postgres;

import io.gatehouse.store.ClusterEvents;
import io.gatehouse.store.internal.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ClusterEvents} in the cluster's PostgreSQL ({@code cluster_events}): a broadcast inserts a
 * row and notifies the store's channel; each node reads the rows past the last id it saw when the
 * store's listener wakes (a notification, or the {@code db_update_frequency} poll), skipping its
 * own. A node starts after the newest row: events sent before it ran are not replayed.
 */
final class PostgresClusterEvents implements ClusterEvents {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresClusterEvents.class);
  private static final long KEEP_MILLIS = 3_600_000; // an hour: far longer than any poll interval
  private static final long ORDER_LOCK = 0x676174656576L; // "gateev": serialises broadcasts

  private final String nodeId = UUID.randomUUID().toString();
  private final DataSource pool;
  private final String notifyChannel;
  private final LongSupplier clock;
  private final Map<String, List<Consumer<String>>> handlers = new ConcurrentHashMap<>();
  /** The last id read; -1 until the first poll finds where the table ends. Only the listener thread writes it. */
  private long lastId = -1;

  PostgresClusterEvents(DataSource pool, String notifyChannel, LongSupplier clock) {
    this.pool = pool;
    this.notifyChannel = notifyChannel;
    this.clock = clock;
  }

  @Override
  public void broadcast(String channel, String data) {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(data, "data");
    long now = clock.getAsLong();
    Jdbc.call(() -> {
      try (Connection c = pool.getConnection()) {
        c.setAutoCommit(false);
        try {
          Jdbc.query(c, "SELECT pg_advisory_xact_lock(?)", rs -> true, ORDER_LOCK);
          Jdbc.update(c, "INSERT INTO cluster_events (node_id, at, channel, data) VALUES (?, ?, ?, ?)",
              nodeId, now, channel, data);
          Jdbc.update(c, "DELETE FROM cluster_events WHERE at < ?", now - KEEP_MILLIS);
          Jdbc.query(c, "SELECT pg_notify(?, ?)", rs -> true, notifyChannel, "cluster_event");
          c.commit();
          return null;
        } catch (SQLException | RuntimeException e) {
          c.rollback();
          throw e;
        }
      }
    });
  }

  @Override
  public void subscribe(String channel, Consumer<String> handler) {
    handlers.computeIfAbsent(Objects.requireNonNull(channel, "channel"), k -> new CopyOnWriteArrayList<>())
        .add(Objects.requireNonNull(handler, "handler"));
  }

  /** Reads the events past the last one seen and hands the other nodes' to their channel's handlers (the listener thread). */
  void poll(Connection c) {
    if (lastId < 0) {
      lastId = Jdbc.queryOne(c, "SELECT COALESCE(MAX(id), 0) FROM cluster_events", rs -> rs.getLong(1)).orElse(0L);
      return;
    }
    record Event(long id, String nodeId, String channel, String data) {}
    List<Event> events = Jdbc.query(c, "SELECT id, node_id, channel, data FROM cluster_events WHERE id > ? ORDER BY id",
        rs -> new Event(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)), lastId);
    for (Event e : events) {
      lastId = e.id();
      if (e.nodeId().equals(nodeId)) continue;
      for (Consumer<String> handler : handlers.getOrDefault(e.channel(), List.of())) {
        try {
          handler.accept(e.data());
        } catch (RuntimeException failure) {
          LOG.error("cluster event on {} failed: {}", e.channel(), failure.toString(), failure);
        }
      }
    }
  }
}
