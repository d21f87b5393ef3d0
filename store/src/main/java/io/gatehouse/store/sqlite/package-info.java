/**
 * The embedded default store: one SQLite file in WAL mode. Start at {@link
 * io.gatehouse.store.sqlite.SqliteConfigStore#open(java.nio.file.Path)}.
 */
@NullMarked
package io.gatehouse.store.sqlite;

import org.jspecify.annotations.NullMarked;
