/**
 * Kong's plugin queue ({@code kong/tools/queue.lua}, reference plugins §19.3) shared by the logging
 * plugins: bounded, batching, retrying, and sending off the event loop.
 */
@NullMarked
package io.gatehouse.plugins.logqueue;

import org.jspecify.annotations.NullMarked;
