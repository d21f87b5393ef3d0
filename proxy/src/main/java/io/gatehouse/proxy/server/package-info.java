/**
 * The Netty side of the data plane, split by job. Start at {@link io.gatehouse.proxy.server.Exchange}.
 *
 * <ul>
 *   <li>Client side: {@link io.gatehouse.proxy.server.ClientConnection} owns one HTTP/1.x client
 *       connection (decoding, limits, timeouts, pipelining, the connection counters) and runs one
 *       exchange at a time through {@link io.gatehouse.proxy.server.Http1Downstream}, its
 *       implementation of {@link io.gatehouse.proxy.server.Downstream} — the seam "the downstream side
 *       of one request" (head facts, body with backpressure, response head/body, close) that an
 *       HTTP/2 stream implements to drive the same exchange. Before an exchange starts, the checks
 *       nginx makes ahead of Kong ({@link io.gatehouse.proxy.server.NginxRequestRules}: method token,
 *       Host, percent-encoding, paths above the root) answer 400.
 *   <li>HTTP/2 (listeners flagged {@code http2}): {@link io.gatehouse.proxy.server.ProtocolSwitch} picks h2
 *       (ALPN on TLS, the connection preface on plain HTTP) or HTTP/1.x; {@link io.gatehouse.proxy.server.H2Connection}
 *       holds Netty's frame codec and multiplexer and the limits; each stream is an
 *       {@link io.gatehouse.proxy.server.H2Stream}, the {@code Downstream} of one exchange.
 *   <li>The coordinator: {@link io.gatehouse.proxy.server.Exchange} moves one request through an
 *       explicit {@link io.gatehouse.proxy.server.Exchange.Phase} (routing, proxying, responding,
 *       answered, done) and decides; it fires the request path's events
 *       ({@code proxy.events}) and serves the log phase its facts.
 *   <li>Its parts: {@link io.gatehouse.proxy.server.UpstreamAttempt} (one try's connection: pool or
 *       connect + TLS, request write, timer, release), {@link io.gatehouse.proxy.server.RetryDecision}
 *       (pure: replay, retry, give up or abort after a failed try),
 *       {@link io.gatehouse.proxy.server.RequestBody} and {@link io.gatehouse.proxy.server.ResponseRelay}
 *       (the body relays; a route's {@code request_buffering} reads the whole request body first into a
 *       {@link io.gatehouse.proxy.server.BodyBuffer}: memory, then a temp file, off the loop), {@link io.gatehouse.proxy.server.LocalReply} (errors and plugin exits),
 *       {@link io.gatehouse.proxy.server.Forwarding} (the upstream request's gateway headers) and
 *       {@link io.gatehouse.proxy.server.GatewayResponseHeaders} (the one place that decides the
 *       gateway's response headers).
 *   <li>Heads cross as bytes: {@link io.gatehouse.proxy.server.UpstreamResponseDecoder} parses the
 *       origin's head into an {@link io.gatehouse.proxy.server.UpstreamHead},
 *       {@link io.gatehouse.proxy.server.ForwardedHead} writes it to an HTTP/1.1 client with the
 *       gateway's edits, {@link io.gatehouse.proxy.server.UpstreamRequestHead} writes the upstream
 *       request head. Netty's codec stays on the client side and for responses a plugin rewrites.
 *   <li>{@code grpc}/{@code grpcs} services: each try is a {@link io.gatehouse.proxy.server.GrpcAttempt}
 *       (an {@code UpstreamAttempt} whose connection is a stream on a shared HTTP/2 connection, an
 *       {@link io.gatehouse.proxy.server.H2Origin} pooled per event loop by {@link io.gatehouse.proxy.server.H2OriginPool});
 *       {@link io.gatehouse.proxy.server.H2RequestHead} writes its head from the same
 *       {@code UpstreamRequestHead}; {@link io.gatehouse.proxy.server.GrpcReplies} gives the gateway's
 *       own answers to gRPC requests as Kong does.
 *   <li>WebSocket upgrades become a byte {@link io.gatehouse.proxy.server.Tunnel}.
 * </ul>
 */
@NullMarked
package io.gatehouse.proxy.server;

import org.jspecify.annotations.NullMarked;
