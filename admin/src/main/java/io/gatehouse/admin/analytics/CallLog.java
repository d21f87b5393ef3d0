package io.gatehouse.admin.analytics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.proxy.events.RequestListener;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A node's call log, whichever engine keeps it ({@code analytics_store}): {@link AnalyticsStore}
 * (the node's own DuckDB file) or {@link PostgresCallLog} (a table the cluster's nodes share).
 * Both record through a preallocated {@link CallRing} drained by one writer thread, and answer
 * {@link CallQueries} in their {@link #dialect()}.
 */
public interface CallLog extends AutoCloseable {
  /** What the proxy calls after each request's log phase (never waits, allocates nothing). */
  RequestListener listener();

  /** Records a call given column by column (tests, benchmarks); never waits, drops the oldest when full. */
  void record(CallRecord call);

  /** Where the {@code call-log} plugin leaves a captured payload for the call's row. */
  PayloadInbox payloads();

  /** {@code queued}, {@code written}, {@code dropped}: the {@code analytics} object of {@code /status}. */
  ObjectNode stats();

  /** Calls lost so far (kong_analytics_dropped_total). */
  long dropped();

  long written();

  /** Waits until every call recorded so far is written (or counted as dropped or failed). */
  boolean flush(Duration timeout) throws InterruptedException;

  /** Applies retention now ({@code analytics_retention_days}, and the size limit where there is one). */
  void applyRetention(long nowMillis) throws SQLException;

  /** A connection for one query; the caller closes it. */
  Connection connection() throws SQLException;

  /** The SQL of {@link #connection()}'s engine. */
  CallDialect dialect();

  @Override
  void close();
}
