/**
 * The cluster store on PostgreSQL (Kong's {@code database = postgres}): the same schema and SQL as
 * the SQLite store plus {@code LISTEN/NOTIFY} so every node hears every other node's writes. Start
 * at {@link io.gatehouse.store.postgres.PostgresConfigStore#open(PostgresSettings)}.
 */
@NullMarked
package io.gatehouse.store.postgres;

import org.jspecify.annotations.NullMarked;
