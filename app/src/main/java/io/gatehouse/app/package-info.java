/**
 * The {@code gatehouse} command and the running node.
 *
 * <p>{@link io.gatehouse.app.Main} is the picocli entry point with one class per command
 * ({@code start}, {@code stop}, {@code run}, {@code health}, {@code version}). {@link
 * io.gatehouse.app.Node} is a running gateway process: it starts its components in order and
 * stops them in reverse. Settings live in {@link io.gatehouse.app.settings}.
 */
@NullMarked
package io.gatehouse.app;

import org.jspecify.annotations.NullMarked;
