package io.gatehouse.proxy.http;

import io.netty.util.AsciiString;

/**
 * The names of the headers the proxy sets on every request and response, as {@link AsciiString}:
 * Netty hashes and validates a String name on every {@code set}, an AsciiString's hash is cached
 * and its bytes are copied into the encoded head in one go.
 */
public final class GatewayHeaders {
  public static final AsciiString X_FORWARDED_FOR = AsciiString.cached("X-Forwarded-For");
  public static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("X-Forwarded-Proto");
  public static final AsciiString X_FORWARDED_HOST = AsciiString.cached("X-Forwarded-Host");
  public static final AsciiString X_FORWARDED_PORT = AsciiString.cached("X-Forwarded-Port");
  public static final AsciiString X_FORWARDED_PATH = AsciiString.cached("X-Forwarded-Path");
  public static final AsciiString X_FORWARDED_PREFIX = AsciiString.cached("X-Forwarded-Prefix");
  public static final AsciiString X_REAL_IP = AsciiString.cached("X-Real-IP");
  public static final AsciiString X_KONG_REQUEST_ID = AsciiString.cached("X-Kong-Request-Id");
  public static final AsciiString X_KONG_UPSTREAM_LATENCY = AsciiString.cached("X-Kong-Upstream-Latency");
  public static final AsciiString X_KONG_PROXY_LATENCY = AsciiString.cached("X-Kong-Proxy-Latency");
  public static final AsciiString X_KONG_RESPONSE_LATENCY = AsciiString.cached("X-Kong-Response-Latency");
  public static final AsciiString X_KONG_UPSTREAM_STATUS = AsciiString.cached("X-Kong-Upstream-Status");
  // Standard names the gateway writes on responses, capitalized as nginx writes them (Netty's are lower case).
  public static final AsciiString CONTENT_TYPE = AsciiString.cached("Content-Type");
  public static final AsciiString CONTENT_LENGTH = AsciiString.cached("Content-Length");
  public static final AsciiString TRANSFER_ENCODING = AsciiString.cached("Transfer-Encoding");
  public static final AsciiString CONNECTION = AsciiString.cached("Connection");
  public static final AsciiString SERVER = AsciiString.cached("Server");
  public static final AsciiString VIA = AsciiString.cached("Via");
  public static final AsciiString SET_COOKIE = AsciiString.cached("Set-Cookie");

  private GatewayHeaders() {}
}
