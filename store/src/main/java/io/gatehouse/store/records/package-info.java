/**
 * Plugin records ({@code plugin_records}): {@link io.gatehouse.store.records.SqlRecordTable}, blocking
 * JDBC over SQLite (file or memory) and PostgreSQL, for the runtime to call off the event loop.
 * Open one with {@code SqliteConfigStore.records}, {@code PostgresConfigStore.records} or
 * {@code DblessConfigStore.records}.
 */
@NullMarked
package io.gatehouse.store.records;

import org.jspecify.annotations.NullMarked;
