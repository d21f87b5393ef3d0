package io.gatehouse.proxy.plugins;

import io.netty.handler.codec.http.HttpHeaders;
import java.security.cert.X509Certificate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the request flow knows about a request when plugins start: the parsed target, the client
 * addresses and the connection it came on. {@code headers} is the live header set that becomes the
 * upstream request's.
 *
 * @param serverAddress the local address the connection was accepted on (nginx {@code $server_addr})
 * @param serverPort the local port ({@code $server_port})
 * @param connection the connection's serial number ({@code $connection})
 * @param connectionRequests requests read on the connection, this one included ({@code $connection_requests})
 * @param forwardedScheme {@code X-Forwarded-Proto} as sent when the peer is in {@code trusted_ips}
 *     and sent one, else {@code scheme} (Kong's {@code kong.request.get_forwarded_scheme})
 * @param clientCertificates the chain the client presented over TLS, its own first; empty when none
 * @param httpVersion the client's HTTP version as Kong gives it: 1.0, 1.1 or 2.0
 * @param via the {@code Via} entry the node adds for this client ({@code 1.1 gatehouse/<version>},
 *     {@code 2 …} over HTTP/2), or null when the {@code headers} setting leaves {@code Via} off
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
    String peerIp,
    String serverAddress,
    int serverPort,
    long connection,
    int connectionRequests,
    String forwardedScheme,
    List<X509Certificate> clientCertificates,
    double httpVersion,
    @Nullable String via) {

  /** Facts without connection details (tests, benchmarks). */
  public RequestFacts(String method, String scheme, String host, int port, String rawPath, @Nullable String rawQuery,
      HttpHeaders headers, String forwardedIp, String peerIp) {
    this(method, scheme, host, port, rawPath, rawQuery, headers, forwardedIp, peerIp, "127.0.0.1", port, 0, 1, scheme,
        List.of(), 1.1, null);
  }
}
