package io.gatehouse.proxy.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.util.Mapping;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Picks the certificate of a handshake: the active configuration's match for the client's server
 * name, else the node's default. Runs on the event loop: one volatile read and a few map lookups.
 */
public final class CertificateSelector implements Mapping<String, SslContext> {
  private final SslContext defaultContext;
  private final Supplier<SniCertificates> active;
  private final Alpn alpn;

  /**
   * @param defaultContext the node's default certificate ({@code ssl_cert} or the generated one)
   * @param active the certificates of the configuration serving now
   */
  public CertificateSelector(SslContext defaultContext, Supplier<SniCertificates> active) {
    this(defaultContext, active, Alpn.HTTP1);
  }

  /**
   * @param defaultContext the node's default certificate, built for {@code alpn}
   * @param alpn what the listeners using this selector offer through ALPN
   */
  public CertificateSelector(SslContext defaultContext, Supplier<SniCertificates> active, Alpn alpn) {
    this.defaultContext = Objects.requireNonNull(defaultContext, "defaultContext");
    this.active = Objects.requireNonNull(active, "active");
    this.alpn = Objects.requireNonNull(alpn, "alpn");
  }

  /** What the listeners using this selector offer through ALPN. */
  public Alpn alpn() {
    return alpn;
  }

  /** Like Kong, a client that sends no server name always gets the default certificate. */
  @Override
  public SslContext map(@Nullable String serverName) {
    if (serverName == null || serverName.isEmpty()) return defaultContext;
    SslContext configured = active.get().find(serverName, alpn);
    return configured != null ? configured : defaultContext;
  }
}
