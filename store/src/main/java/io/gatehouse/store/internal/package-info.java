/**
 * The one JDBC engine behind every store (SQLite file, DB-less SQLite in memory, PostgreSQL):
 * {@link io.gatehouse.store.internal.JdbcConfigStore}, the base each store extends with only its
 * connection handling; the write transaction that keeps the index tables in step with entity rows
 * and enforces Kong's codes; the readers, the offset token and the change notifier. Nothing here is
 * API; public only so the store packages can share it.
 */
@NullMarked
package io.gatehouse.store.internal;

import org.jspecify.annotations.NullMarked;
