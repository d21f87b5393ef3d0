/**
 * The DB-less store (Kong's {@code database = off}): the embedded store's SQLite engine, schema and
 * write rules on a database held in memory, replaced atomically by
 * {@link io.gatehouse.store.dbless.DblessConfigStore#replaceAll} and copied to disk as the last good
 * configuration so a restart serves what was running.
 */
@NullMarked
package io.gatehouse.store.dbless;

import org.jspecify.annotations.NullMarked;
