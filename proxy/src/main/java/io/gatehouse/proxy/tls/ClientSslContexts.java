package io.gatehouse.proxy.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;

/**
 * Builds the client-side {@link SslContext}s the proxy opens origin connections with. Slow (parses
 * certificates, may load the JDK trust store): call it while compiling a configuration.
 */
public final class ClientSslContexts {
  private ClientSslContexts() {}

  /** Trusts any origin certificate and checks no host name: Kong's default without {@code tls_verify}. */
  public static SslContext unverified(@Nullable PemKeyPair clientCertificate) {
    SslContextBuilder b = SslContextBuilder.forClient()
        .trustManager(InsecureTrustManagerFactory.INSTANCE)
        .endpointIdentificationAlgorithm(null);
    return build(b, clientCertificate);
  }

  /**
   * Verifies the origin's chain and its host name (the name the connection is opened for).
   *
   * @param trusted the CA certificates to trust; null means the JDK's default trust store (Kong's
   *     {@code lua_ssl_trusted_certificate = system})
   * @param depth the most intermediate certificates allowed between the origin's certificate and a
   *     trusted one (OpenSSL's verify depth, which nginx's {@code proxy_ssl_verify_depth} sets)
   * @throws IllegalArgumentException when a certificate or key cannot be used
   */
  public static SslContext verifying(@Nullable List<X509Certificate> trusted, int depth,
      @Nullable PemKeyPair clientCertificate) {
    SslContextBuilder b = SslContextBuilder.forClient()
        .trustManager(new DepthLimitedTrustManager(trustManager(trusted), depth))
        .endpointIdentificationAlgorithm("HTTPS");
    return build(b, clientCertificate);
  }

  private static SslContext build(SslContextBuilder b, @Nullable PemKeyPair clientCertificate) {
    if (clientCertificate != null) b.keyManager(ServerSslContexts.keyManagers(List.of(clientCertificate)));
    try {
      return b.build();
    } catch (SSLException e) {
      throw new IllegalArgumentException("cannot build the upstream TLS context: " + e.getMessage(), e);
    }
  }

  /** Reads the CA certificates of a PEM text. */
  public static List<X509Certificate> certificates(String pem) {
    return List.of(ServerSslContexts.chain(pem));
  }

  /** The JDK's trust manager over these CA certificates, or over its default trust store when null. */
  private static X509ExtendedTrustManager trustManager(@Nullable List<X509Certificate> trusted) {
    try {
      KeyStore store = null;
      if (trusted != null) {
        if (trusted.isEmpty()) throw new IllegalArgumentException("no trusted CA certificate");
        store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (int i = 0; i < trusted.size(); i++) store.setCertificateEntry("ca-" + i, trusted.get(i));
      }
      TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      f.init(store); // null: the JDK's cacerts (Kong's lua_ssl_trusted_certificate = system)
      for (TrustManager m : f.getTrustManagers()) {
        if (m instanceof X509ExtendedTrustManager x) return x;
      }
      throw new IllegalArgumentException("the JDK offers no X.509 trust manager");
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalArgumentException("cannot build the upstream trust store: " + e.getMessage(), e);
    }
  }
}
