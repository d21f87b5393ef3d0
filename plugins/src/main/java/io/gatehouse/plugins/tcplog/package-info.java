/**
 * Kong's {@code tcp-log} plugin (reference plugins §19.4): log entries as JSON lines over a TCP (or
 * TLS) connection, sent from a queue thread.
 */
@NullMarked
package io.gatehouse.plugins.tcplog;

import org.jspecify.annotations.NullMarked;
