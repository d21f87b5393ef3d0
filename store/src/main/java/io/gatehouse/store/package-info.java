/**
 * Where accepted configuration lives: the {@link io.gatehouse.store.ConfigStore} contract and its
 * implementations ({@code sqlite} embedded default, {@code postgres} for clusters, {@code dbless}
 * for Kong's {@code database = off}). Stores are generic over
 * {@link io.gatehouse.core.schema.TableSpec}, so new entity types need no new tables. The store
 * only stores: turning its change signal into runtime snapshots is {@code io.gatehouse.control}.
 */
@NullMarked
package io.gatehouse.store;

import org.jspecify.annotations.NullMarked;
