/**
 * The Netty side of the data plane. {@link io.gatehouse.proxy.server.ClientConnection} owns one
 * client connection (decoding, limits, timeouts, pipelining) and runs one
 * {@link io.gatehouse.proxy.server.Exchange} at a time: route, rewrite, pick a peer, proxy on an
 * upstream connection of the same event loop, stream both ways with auto-read backpressure,
 * retry, answer Kong's errors. WebSocket upgrades become a byte {@link io.gatehouse.proxy.server.Tunnel}.
 */
@NullMarked
package io.gatehouse.proxy.server;

import org.jspecify.annotations.NullMarked;
