/**
 * Kong's {@code udp-log} plugin (reference plugins §19.4): one JSON datagram per log entry, sent
 * from a queue thread.
 */
@NullMarked
package io.gatehouse.plugins.udplog;

import org.jspecify.annotations.NullMarked;
