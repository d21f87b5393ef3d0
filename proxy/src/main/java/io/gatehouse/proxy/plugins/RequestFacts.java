package io.gatehouse.proxy.plugins;

import io.netty.handler.codec.http.HttpHeaders;
import org.jspecify.annotations.Nullable;

/**
 * What the request flow knows about a request when plugins start: the parsed target and the
 * client addresses. {@code headers} is the live header set that becomes the upstream request's.
 */
public record RequestFacts(
    String method,
    String scheme,
    String host,
    int port,
    String rawPath,
    @Nullable String rawQuery,
    HttpHeaders headers,
    String forwardedIp,
    String peerIp) {}
