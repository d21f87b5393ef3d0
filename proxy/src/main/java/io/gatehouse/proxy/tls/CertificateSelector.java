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
  /** The node's default certificate, plain and asking for a client certificate; swapped by a reload. */
  private record Defaults(SslContext plain, SslContext asking) {}

  private volatile Defaults defaults;
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
    this(defaultContext, defaultContext, active, alpn);
  }

  /**
   * @param defaultAsking the node's default certificate, also asking for a client certificate: used
   *     while the active configuration {@linkplain SniCertificates#asksClientCertificate asks for one}
   */
  public CertificateSelector(SslContext defaultContext, SslContext defaultAsking, Supplier<SniCertificates> active,
      Alpn alpn) {
    this.defaults = new Defaults(Objects.requireNonNull(defaultContext, "defaultContext"),
        Objects.requireNonNull(defaultAsking, "defaultAsking"));
    this.active = Objects.requireNonNull(active, "active");
    this.alpn = Objects.requireNonNull(alpn, "alpn");
  }

  /**
   * Replaces the node's default certificate (a reload read new {@code ssl_cert} files): handshakes
   * from now on present it; connections already established keep theirs.
   */
  public void replaceDefaults(SslContext defaultContext, SslContext defaultAsking) {
    this.defaults = new Defaults(Objects.requireNonNull(defaultContext, "defaultContext"),
        Objects.requireNonNull(defaultAsking, "defaultAsking"));
  }

  /** What the listeners using this selector offer through ALPN. */
  public Alpn alpn() {
    return alpn;
  }

  /** Like Kong, a client that sends no server name always gets the default certificate. */
  @Override
  public SslContext map(@Nullable String serverName) {
    SniCertificates certificates = active.get();
    Defaults d = defaults;
    SslContext fallback = d.plain();
    if (certificates.asksClientCertificate()) {
      SslContext naming = certificates.defaultAsking(alpn); // the default certificate naming the configured CAs
      fallback = naming != null ? naming : d.asking();
    }
    if (serverName == null || serverName.isEmpty()) return fallback;
    SslContext configured = certificates.find(serverName, alpn);
    return configured != null ? configured : fallback;
  }
}
