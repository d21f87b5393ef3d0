/**
 * The DB-less store (Kong's {@code database = off}): the whole configuration in memory, replaced
 * atomically by {@link io.gatehouse.store.memory.MemoryConfigStore#replaceAll} and kept on disk as
 * the last good configuration so a restart serves what was running.
 */
@NullMarked
package io.gatehouse.store.memory;

import org.jspecify.annotations.NullMarked;
