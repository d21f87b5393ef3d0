/**
 * Kong's plugin queue ({@code kong/tools/queue.lua}, reference plugins §19.3) shared by the logging
 * and metrics plugins: bounded, batching, retrying, and sending off the event loop; and what their
 * senders share: the UDP and TCP sockets, syslog severities, the node's host name.
 */
@NullMarked
package io.gatehouse.plugins.logqueue;

import org.jspecify.annotations.NullMarked;
