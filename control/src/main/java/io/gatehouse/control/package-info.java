/**
 * The control loop, between the store and the data plane: {@link io.gatehouse.control.SnapshotFeed}
 * hears the store's change signal, reads one consistent copy, binds it into a
 * {@link io.gatehouse.core.model.ConfigSnapshot} and hands it to the data plane, which compiles and
 * swaps it. The store only stores; the proxy only serves; this package decides when to rebuild and
 * what to do when a build fails (keep the old snapshot, remember the error for {@code /status}).
 */
@NullMarked
package io.gatehouse.control;

import org.jspecify.annotations.NullMarked;
