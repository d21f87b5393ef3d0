/**
 * Where accepted configuration lives: the {@link io.gatehouse.store.ConfigStore} contract and its
 * implementations ({@code sqlite} embedded default; PostgreSQL and DB-less to come). Stores are
 * generic over {@link io.gatehouse.core.schema.TableSpec}, so new entity types need no new tables.
 */
@NullMarked
package io.gatehouse.store;

import org.jspecify.annotations.NullMarked;
