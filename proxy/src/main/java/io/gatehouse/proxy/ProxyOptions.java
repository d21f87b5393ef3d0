package io.gatehouse.proxy;

import io.gatehouse.proxy.events.RequestListener;
import io.gatehouse.proxy.http.ErrorBody;
import io.gatehouse.proxy.tls.PemKeyPair;
import io.gatehouse.proxy.tls.TlsPolicy;
import io.gatehouse.proxy.tls.UpstreamTlsContexts;
import io.gatehouse.proxy.upstream.DnsServers;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of the data plane, named after their {@code kong.conf} keys where Kong has one.
 * {@link #defaults()} matches Kong 3.9's defaults (listen {@code 0.0.0.0:8000}; TLS listeners come
 * with a default certificate, which the embedding application provides).
 *
 * @param listen plain-HTTP addresses to bind (port 0 picks a free port)
 * @param tlsListen addresses served over TLS (Kong's {@code ssl} listener flag)
 * @param defaultCertificates the certificate a TLS client gets when no configured SNI matches
 *     (Kong's {@code ssl_cert}/{@code ssl_cert_key}; an RSA and an ECDSA pair may sit side by side);
 *     required when {@code tlsListen} is not empty
 * @param headers Kong's {@code headers}: {@code server_tokens}, {@code latency_tokens}, individual
 *     header names ({@code X-Kong-Request-Id}, {@code X-Kong-Upstream-Status}…) or {@code off}
 * @param headersUpstream Kong's {@code headers_upstream} ({@code x-kong-request-id} or {@code off})
 * @param trustedIps IPs/CIDRs whose forwarding headers are honoured ({@code trusted_ips})
 * @param realIpHeader header carrying the client IP from trusted peers ({@code real_ip_header})
 * @param realIpRecursive {@code real_ip_recursive}
 * @param errorDefaultType {@code error_default_type}
 * @param productVersion version shown as {@code gatehouse/<version>} in {@code Server} and {@code Via}
 * @param maxRequestLine longest accepted request line in bytes (414 beyond)
 * @param maxHeaderSize largest accepted header section in bytes (431 beyond)
 * @param maxHeaders most header fields accepted (431 beyond)
 * @param clientHeaderTimeout time to receive a request's header section ({@code client_header_timeout})
 * @param clientBodyTimeout longest pause between two body reads ({@code client_body_timeout})
 * @param keepaliveTimeout how long an idle client connection is kept
 * @param upstreamKeepalivePoolSize idle upstream connections kept per event loop and peer
 * @param upstreamKeepaliveMaxRequests requests per upstream connection before it is closed
 * @param upstreamKeepaliveIdleTimeout idle time after which a pooled upstream connection is closed
 * @param workerThreads event-loop threads; 0 = available processors
 * @param dnsResolver name servers for service hosts and targets ({@code dns_resolver}; none = the system's)
 * @param upstreamTls upstream TLS verification for services that leave {@code tls_verify}/{@code tls_verify_depth}
 *     null (Kong's injected {@code nginx_proxy_proxy_ssl_verify}/{@code _verify_depth}; off and 1)
 * @param requestListeners who hears the request path's events (metrics, tracing, analytics); none by default
 * @param clientMaxBodySize largest request body in bytes, 413 beyond ({@code nginx_http_client_max_body_size}; 0 = no limit)
 * @param clientBodyBufferSize how much of a buffered request body is held in memory before it goes to a temp file
 *     ({@code client_body_buffer_size}, 8k)
 * @param clientBodyTempPath where request bodies larger than that wait for the upstream (nginx's
 *     {@code client_body_temp_path}, {@code <prefix>/client_body_temp} in a node)
 * @param http2Listen the {@code listen}/{@code tlsListen} addresses flagged {@code http2} (Kong's listener flag):
 *     h2 through ALPN on TLS, h2c with prior knowledge on plain HTTP; HTTP/1.1 stays served on both
 * @param tlsPolicy protocols, suites and sessions of the TLS listeners (Kong's {@code ssl_cipher_suite} and
 *     related keys; {@code intermediate} by default)
 * @param http2Limits the HTTP/2 limits of those listeners (nginx's {@code http2_*} directives)
 */
public record ProxyOptions(
    List<InetSocketAddress> listen,
    List<InetSocketAddress> tlsListen,
    List<PemKeyPair> defaultCertificates,
    Set<String> headers,
    Set<String> headersUpstream,
    List<String> trustedIps,
    String realIpHeader,
    boolean realIpRecursive,
    String errorDefaultType,
    String productVersion,
    int maxRequestLine,
    int maxHeaderSize,
    int maxHeaders,
    Duration clientHeaderTimeout,
    Duration clientBodyTimeout,
    Duration keepaliveTimeout,
    int upstreamKeepalivePoolSize,
    int upstreamKeepaliveMaxRequests,
    Duration upstreamKeepaliveIdleTimeout,
    int workerThreads,
    DnsServers dnsResolver,
    UpstreamTlsContexts.Defaults upstreamTls,
    List<RequestListener> requestListeners,
    long clientMaxBodySize,
    int clientBodyBufferSize,
    Path clientBodyTempPath,
    Set<InetSocketAddress> http2Listen,
    TlsPolicy tlsPolicy,
    Http2Limits http2Limits) {

  public static final String DEFAULT_VERSION = "0.1.0";

  public ProxyOptions {
    Objects.requireNonNull(listen, "listen");
    listen = List.copyOf(listen);
    tlsListen = List.copyOf(tlsListen);
    http2Listen = Set.copyOf(http2Listen);
    defaultCertificates = List.copyOf(defaultCertificates);
    if (listen.isEmpty() && tlsListen.isEmpty()) {
      throw new IllegalArgumentException("listen: expected at least one address");
    }
    if (!tlsListen.isEmpty() && defaultCertificates.isEmpty()) {
      throw new IllegalArgumentException("tlsListen: TLS listeners need a default certificate (defaultCertificates)");
    }
    headers = lower(headers);
    headersUpstream = lower(headersUpstream);
    trustedIps = List.copyOf(trustedIps);
    Objects.requireNonNull(realIpHeader, "realIpHeader");
    ErrorBody.Format.ofMediaType(Objects.requireNonNull(errorDefaultType, "errorDefaultType"));
    Objects.requireNonNull(productVersion, "productVersion");
    positive(maxRequestLine, "maxRequestLine");
    positive(maxHeaderSize, "maxHeaderSize");
    positive(maxHeaders, "maxHeaders");
    Objects.requireNonNull(clientHeaderTimeout, "clientHeaderTimeout");
    Objects.requireNonNull(clientBodyTimeout, "clientBodyTimeout");
    Objects.requireNonNull(keepaliveTimeout, "keepaliveTimeout");
    if (upstreamKeepalivePoolSize < 0) throw new IllegalArgumentException("upstreamKeepalivePoolSize: expected >= 0");
    positive(upstreamKeepaliveMaxRequests, "upstreamKeepaliveMaxRequests");
    Objects.requireNonNull(upstreamKeepaliveIdleTimeout, "upstreamKeepaliveIdleTimeout");
    if (workerThreads < 0) throw new IllegalArgumentException("workerThreads: expected >= 0");
    Objects.requireNonNull(dnsResolver, "dnsResolver");
    Objects.requireNonNull(upstreamTls, "upstreamTls");
    requestListeners = List.copyOf(requestListeners);
    if (clientMaxBodySize < 0) throw new IllegalArgumentException("clientMaxBodySize: expected >= 0 (0 = no limit)");
    positive(clientBodyBufferSize, "clientBodyBufferSize");
    Objects.requireNonNull(clientBodyTempPath, "clientBodyTempPath");
    Objects.requireNonNull(tlsPolicy, "tlsPolicy");
    Objects.requireNonNull(http2Limits, "http2Limits");
  }

  private static void positive(int v, String name) {
    if (v <= 0) throw new IllegalArgumentException(name + ": expected a positive number, got " + v);
  }

  private static Set<String> lower(Set<String> in) {
    Set<String> out = new java.util.LinkedHashSet<>();
    for (String s : in) out.add(s.trim().toLowerCase(Locale.ROOT));
    return Set.copyOf(out);
  }

  /** Kong's defaults: {@code proxy_listen = 0.0.0.0:8000}, headers, timeouts and pool sizes of kong.conf. */
  public static ProxyOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A copy with other listen addresses. */
  public ProxyOptions withListen(List<InetSocketAddress> addresses) {
    return toBuilder().listen(addresses).build();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.listen = new ArrayList<>(listen);
    b.tlsListen = tlsListen;
    b.defaultCertificates = defaultCertificates;
    b.headers = headers;
    b.headersUpstream = headersUpstream;
    b.trustedIps = trustedIps;
    b.realIpHeader = realIpHeader;
    b.realIpRecursive = realIpRecursive;
    b.errorDefaultType = errorDefaultType;
    b.productVersion = productVersion;
    b.maxRequestLine = maxRequestLine;
    b.maxHeaderSize = maxHeaderSize;
    b.maxHeaders = maxHeaders;
    b.clientHeaderTimeout = clientHeaderTimeout;
    b.clientBodyTimeout = clientBodyTimeout;
    b.keepaliveTimeout = keepaliveTimeout;
    b.upstreamKeepalivePoolSize = upstreamKeepalivePoolSize;
    b.upstreamKeepaliveMaxRequests = upstreamKeepaliveMaxRequests;
    b.upstreamKeepaliveIdleTimeout = upstreamKeepaliveIdleTimeout;
    b.workerThreads = workerThreads;
    b.dnsResolver = dnsResolver;
    b.upstreamTls = upstreamTls;
    b.requestListeners = new ArrayList<>(requestListeners);
    b.clientMaxBodySize = clientMaxBodySize;
    b.clientBodyBufferSize = clientBodyBufferSize;
    b.clientBodyTempPath = clientBodyTempPath;
    b.http2Listen = http2Listen;
    b.tlsPolicy = tlsPolicy;
    b.http2Limits = http2Limits;
    return b;
  }

  /** Builder with Kong's defaults preset. */
  public static final class Builder {
    private List<InetSocketAddress> listen = new ArrayList<>(List.of(new InetSocketAddress("0.0.0.0", 8000)));
    private List<InetSocketAddress> tlsListen = List.of();
    private Set<InetSocketAddress> http2Listen = Set.of();
    private Http2Limits http2Limits = Http2Limits.KONG;
    private List<PemKeyPair> defaultCertificates = List.of();
    private Set<String> headers = Set.of("server_tokens", "latency_tokens", "x-kong-request-id");
    private Set<String> headersUpstream = Set.of("x-kong-request-id");
    private List<String> trustedIps = List.of();
    private String realIpHeader = "X-Real-IP";
    private boolean realIpRecursive;
    private String errorDefaultType = "text/plain";
    private String productVersion = DEFAULT_VERSION;
    private int maxRequestLine = 8192;
    private int maxHeaderSize = 32768;
    private int maxHeaders = 256;
    private Duration clientHeaderTimeout = Duration.ofSeconds(60);
    private Duration clientBodyTimeout = Duration.ofSeconds(60);
    private Duration keepaliveTimeout = Duration.ofSeconds(60);
    private int upstreamKeepalivePoolSize = 512;
    private int upstreamKeepaliveMaxRequests = 10000;
    private Duration upstreamKeepaliveIdleTimeout = Duration.ofSeconds(60);
    private int workerThreads;
    private DnsServers dnsResolver = DnsServers.system();
    private UpstreamTlsContexts.Defaults upstreamTls = UpstreamTlsContexts.Defaults.KONG;
    private List<RequestListener> requestListeners = new ArrayList<>();
    private long clientMaxBodySize;
    private int clientBodyBufferSize = 8 * 1024;
    private Path clientBodyTempPath = Path.of(System.getProperty("java.io.tmpdir"), "gatehouse-client-body");
    private TlsPolicy tlsPolicy = TlsPolicy.DEFAULT;

    public Builder listen(List<InetSocketAddress> v) { listen = new ArrayList<>(v); return this; }
    public Builder listen(String host, int port) { listen = new ArrayList<>(List.of(new InetSocketAddress(host, port))); return this; }
    public Builder tlsListen(List<InetSocketAddress> v) { tlsListen = v; return this; }
    public Builder tlsListen(String host, int port) { tlsListen = List.of(new InetSocketAddress(host, port)); return this; }
    public Builder defaultCertificates(List<PemKeyPair> v) { defaultCertificates = v; return this; }
    public Builder headers(Set<String> v) { headers = v; return this; }
    public Builder headersUpstream(Set<String> v) { headersUpstream = v; return this; }
    public Builder trustedIps(List<String> v) { trustedIps = v; return this; }
    public Builder realIpHeader(String v) { realIpHeader = v; return this; }
    public Builder realIpRecursive(boolean v) { realIpRecursive = v; return this; }
    public Builder errorDefaultType(String v) { errorDefaultType = v; return this; }
    public Builder productVersion(String v) { productVersion = v; return this; }
    public Builder maxRequestLine(int v) { maxRequestLine = v; return this; }
    public Builder maxHeaderSize(int v) { maxHeaderSize = v; return this; }
    public Builder maxHeaders(int v) { maxHeaders = v; return this; }
    public Builder clientHeaderTimeout(Duration v) { clientHeaderTimeout = v; return this; }
    public Builder clientBodyTimeout(Duration v) { clientBodyTimeout = v; return this; }
    public Builder keepaliveTimeout(Duration v) { keepaliveTimeout = v; return this; }
    public Builder upstreamKeepalivePoolSize(int v) { upstreamKeepalivePoolSize = v; return this; }
    public Builder upstreamKeepaliveMaxRequests(int v) { upstreamKeepaliveMaxRequests = v; return this; }
    public Builder upstreamKeepaliveIdleTimeout(Duration v) { upstreamKeepaliveIdleTimeout = v; return this; }
    /** The listen/tlsListen addresses that also speak HTTP/2 (Kong's {@code http2} flag). */
    public Builder http2Listen(Set<InetSocketAddress> v) { http2Listen = v; return this; }
    public Builder http2Limits(Http2Limits v) { http2Limits = v; return this; }
    public Builder workerThreads(int v) { workerThreads = v; return this; }
    public Builder dnsResolver(DnsServers v) { dnsResolver = v; return this; }
    public Builder upstreamTls(UpstreamTlsContexts.Defaults v) { upstreamTls = v; return this; }
    /** Adds a listener of the request path's events, called in the order added. */
    public Builder requestListener(RequestListener v) {
      requestListeners.add(Objects.requireNonNull(v, "requestListener"));
      return this;
    }

    public Builder clientMaxBodySize(long v) { clientMaxBodySize = v; return this; }
    public Builder clientBodyBufferSize(int v) { clientBodyBufferSize = v; return this; }
    public Builder clientBodyTempPath(Path v) { clientBodyTempPath = v; return this; }
    public Builder tlsPolicy(TlsPolicy v) { tlsPolicy = v; return this; }

    public ProxyOptions build() {
      return new ProxyOptions(listen, tlsListen, defaultCertificates, headers, headersUpstream, trustedIps, realIpHeader, realIpRecursive,
          errorDefaultType, productVersion, maxRequestLine, maxHeaderSize, maxHeaders, clientHeaderTimeout,
          clientBodyTimeout, keepaliveTimeout, upstreamKeepalivePoolSize, upstreamKeepaliveMaxRequests,
          upstreamKeepaliveIdleTimeout, workerThreads, dnsResolver, upstreamTls, requestListeners, clientMaxBodySize,
          clientBodyBufferSize, clientBodyTempPath, http2Listen, tlsPolicy, http2Limits);
    }
  }
}
