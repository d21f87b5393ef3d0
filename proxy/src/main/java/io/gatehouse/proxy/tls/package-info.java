/**
 * TLS termination on the proxy's {@code ssl} listeners, as Kong does it: certificates from the
 * configuration's {@code certificates}/{@code snis} are compiled into one
 * {@link io.netty.handler.ssl.SslContext} each when a snapshot is compiled
 * ({@link io.gatehouse.proxy.tls.SniCertificates}); a handshake only looks its server name up
 * ({@link io.gatehouse.proxy.tls.CertificateSelector}) and falls back to the node's default
 * certificate ({@code ssl_cert}, or one generated into the prefix by
 * {@link io.gatehouse.proxy.tls.DefaultCertificateFiles}).
 *
 * <p>What every TLS listener accepts (protocols, suites, server order, tickets, session lifetime, DH
 * group) is one {@link io.gatehouse.proxy.tls.TlsPolicy}, Kong's {@code ssl_cipher_suite} resolved
 * ({@link io.gatehouse.proxy.tls.CipherSuiteLevel}); a
 * renegotiation guard in front of each refuses client-initiated
 * renegotiation. The Admin API and status listeners take the same through
 * {@link io.gatehouse.proxy.tls.ServerTlsHandlers}. See docs/tls.md.
 *
 * <p>TLS to origins: each {@code https} service's {@code tls_verify}, {@code tls_verify_depth},
 * {@code ca_certificates} and {@code client_certificate} are compiled with the snapshot into an
 * {@link io.gatehouse.proxy.tls.UpstreamTls} ({@link io.gatehouse.proxy.tls.UpstreamTlsContexts});
 * a connection only creates its handler, with the name from
 * {@link io.gatehouse.proxy.tls.UpstreamServerName} as SNI and verified host name.
 */
@NullMarked
package io.gatehouse.proxy.tls;

import org.jspecify.annotations.NullMarked;
