package io.gatehouse.sdk;

import java.security.cert.X509Certificate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The client's request, read-only ({@code kong.request}). */
public interface Request {

  /** The request method as sent, e.g. {@code GET}. */
  String method();

  /**
   * The client's HTTP version as {@code kong.request.get_http_version} gives it: {@code 1.0},
   * {@code 1.1} or {@code 2.0} (an HTTP/2 stream). Format it with one decimal, as Kong's
   * {@code HTTP/%.01f}: {@code HTTP/2.0}.
   */
  default double httpVersion() {
    return 1.1;
  }

  /** {@code http} or {@code https}. */
  String scheme();

  /** The host the client asked for, lower case, without port. */
  String host();

  /** The port the client asked for (from the Host header, else the listener's). */
  int port();

  /** The path as sent, without the query string. */
  String path();

  /** The query string as sent (after {@code ?}), or null when there was none. */
  @Nullable String rawQuery();

  /**
   * The first value of a header, or null. Case-insensitive, and like Kong a name written with
   * {@code _} also finds the hyphenated header ({@code api_key} finds {@code api-key}).
   */
  @Nullable String header(String name);

  /** Every value of a header (same lookup rules as {@link #header}); empty when absent. */
  List<String> headers(String name);

  /** Every header name, in order of first appearance. */
  List<String> headerNames();

  /**
   * Every decoded value of a query argument; empty when absent. An argument without {@code =}
   * ({@code ?flag}) has the value {@code ""}.
   */
  List<String> queryArgs(String name);

  /** Whether the query string has an argument of this name, with or without a value. */
  boolean hasQueryArg(String name);

  /** The client address after {@code trusted_ips}/{@code real_ip_header} ({@code kong.client.get_forwarded_ip}). */
  String forwardedIp();

  /** The TCP peer address ({@code kong.client.get_ip}). */
  String peerIp();

  /** The local address the connection was accepted on (nginx {@code $server_addr}). */
  default String serverAddress() {
    return "127.0.0.1";
  }

  /** The local port the connection was accepted on (nginx {@code $server_port}). */
  default int serverPort() {
    return port();
  }

  /** A serial number of the client connection, unique while the gateway runs (nginx {@code $connection}). */
  default long connection() {
    return 0;
  }

  /** How many requests the client connection carried, this one included (nginx {@code $connection_requests}). */
  default int connectionRequests() {
    return 1;
  }

  /**
   * {@code kong.request.get_forwarded_scheme}: {@code X-Forwarded-Proto} as sent (trimmed, maybe a
   * comma-separated list) when the connecting peer is in {@code trusted_ips}, else {@link #scheme()}.
   * Never trust the header from anyone else (oauth2's {@code accept_http_if_already_terminated}).
   */
  default String forwardedScheme() {
    return scheme();
  }

  /**
   * The certificate chain the client presented in the TLS handshake, its own certificate first
   * (nginx {@code $ssl_client_raw_cert} and the chain after it); empty over plain HTTP or when the
   * client sent none. Listeners ask for one only while a plugin that {@link
   * PreparedPlugin#asksClientCertificate asks for it} is enabled, and the handshake does not verify
   * it: the plugin does.
   */
  default List<X509Certificate> clientCertificates() {
    return List.of();
  }

  /**
   * The {@code Via} entry this node adds to responses for this client: the client's protocol and
   * the node's product token ({@code 1.1 gatehouse/<version>}, {@code 2 gatehouse/<version>} over
   * HTTP/2), or null when the {@code headers} setting leaves {@code Via} off (Kong's
   * {@code kong.configuration.enabled_headers["Via"]}). For plugins that answer for an origin
   * (aws-lambda, azure-functions) and add it as Kong's do.
   */
  default @Nullable String via() {
    return null;
  }
}
