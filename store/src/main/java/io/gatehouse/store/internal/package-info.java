/**
 * JDBC building blocks shared by the SQL-backed stores (SQLite now, PostgreSQL later): the write
 * transaction that keeps the index tables in step with entity rows, the readers, the offset token
 * and the change notifier. Nothing here is API; public only so the store packages can share it.
 */
@NullMarked
package io.gatehouse.store.internal;

import org.jspecify.annotations.NullMarked;
