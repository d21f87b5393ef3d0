package io.gatehouse.store.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears other nodes' writes: one connection of its own {@code LISTEN}s on the store's channel, and
 * the config version is polled every {@code db_update_frequency} as the fallback (a notification
 * sent while this node was disconnected is lost). When the database goes away, it reconnects at
 * the same pace and polls once connected, so nothing written meanwhile is missed.
 */
final class ChangeListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeListener.class);
  private static final Executor ABORT_INLINE = Runnable::run;

  /** Opens a fresh connection (not from the pool: LISTEN is per session, held for good). */
  interface Connector {
    Connection connect() throws SQLException;
  }

  private final Connector connector;
  private final String channel;
  private final Runnable check;
  private final long pollMillis;
  private final CountDownLatch closing = new CountDownLatch(1);
  private final Thread thread;
  private volatile @Nullable Connection current;

  /**
   * @param check reads the version and publishes it if new; called on a notification and each poll
   */
  ChangeListener(Connector connector, String channel, Runnable check, Duration pollEvery) {
    this.connector = connector;
    this.channel = channel;
    this.check = check;
    this.pollMillis = pollEvery.toMillis();
    this.thread = Thread.ofPlatform().name("gatehouse-pg-listener").daemon().unstarted(this::run);
  }

  ChangeListener start() {
    thread.start();
    return this;
  }

  private void run() {
    boolean warned = false;
    while (closing.getCount() > 0) {
      try {
        Connection c = listen();
        warned = false;
        listenOn(c);
      } catch (SQLException | RuntimeException e) {
        if (closing.getCount() == 0) {
          break;
        }
        if (!warned) { // once per outage, not once per retry
          LOG.warn("not hearing config changes from the database ({}); retrying every {} ms", e.getMessage(),
              pollMillis);
          warned = true;
        }
      } finally {
        closeCurrent();
      }
      await(pollMillis);
    }
  }

  private Connection listen() throws SQLException {
    Connection c = connector.connect();
    current = c;
    if (closing.getCount() == 0) {
      throw new SQLException("closing");
    }
    try (Statement st = c.createStatement()) {
      st.execute("LISTEN " + quote(channel));
    }
    return c;
  }

  private void listenOn(Connection c) throws SQLException {
    PGConnection pg = c.unwrap(PGConnection.class);
    check.run(); // catch up with whatever happened while not listening
    long nextPoll = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pollMillis);
    while (closing.getCount() > 0) {
      long waitMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextPoll - System.nanoTime()));
      PGNotification[] heard = pg.getNotifications((int) Math.min(Integer.MAX_VALUE, waitMillis));
      if (heard != null && heard.length > 0) {
        check.run(); // the payload is a version, but the store reads its own to be sure
      }
      if (System.nanoTime() - nextPoll >= 0) {
        check.run();
        nextPoll = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pollMillis);
      }
    }
  }

  private void await(long millis) {
    try {
      closing.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closing.countDown();
    }
  }

  private void closeCurrent() {
    Connection c = current;
    current = null;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        // the connection is already broken; nothing to release
      }
    }
  }

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  @Override
  public void close() {
    closing.countDown();
    Connection c = current;
    if (c != null) {
      try {
        c.abort(ABORT_INLINE); // wakes the thread blocked in getNotifications; safe across threads
      } catch (SQLException e) {
        // already closed
      }
    }
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
