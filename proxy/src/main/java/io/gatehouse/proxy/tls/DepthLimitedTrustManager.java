package io.gatehouse.proxy.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * Adds nginx's {@code proxy_ssl_verify_depth} (Kong's {@code tls_verify_depth}) to a JDK trust
 * manager: after the chain and host name are verified, a chain with more intermediate certificates
 * than allowed between the origin's certificate and a trusted CA is refused. The JDK's own PKIX
 * checks have no such limit for a chain the peer sends complete.
 */
final class DepthLimitedTrustManager extends X509ExtendedTrustManager {
  private final X509ExtendedTrustManager delegate;
  private final Set<X500Principal> trustedSubjects = new HashSet<>();
  private final int maxIntermediates;

  DepthLimitedTrustManager(X509ExtendedTrustManager delegate, int maxIntermediates) {
    this.delegate = delegate;
    this.maxIntermediates = maxIntermediates;
    for (X509Certificate c : delegate.getAcceptedIssuers()) trustedSubjects.add(c.getSubjectX500Principal());
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    delegate.checkServerTrusted(chain, authType, engine);
    checkDepth(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    delegate.checkServerTrusted(chain, authType, socket);
    checkDepth(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    delegate.checkServerTrusted(chain, authType);
    checkDepth(chain);
  }

  /** Counts the sent certificates above the leaf until one issued by a trusted CA (a sent root is not counted). */
  private void checkDepth(X509Certificate[] chain) throws CertificateException {
    int intermediates = 0;
    for (int i = 0; i < chain.length - 1; i++) {
      if (trustedSubjects.contains(chain[i].getIssuerX500Principal())) break;
      intermediates++;
    }
    if (intermediates > maxIntermediates) {
      throw new CertificateException("certificate chain too long: " + intermediates
          + " intermediate certificates, verify depth " + maxIntermediates);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    delegate.checkClientTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return delegate.getAcceptedIssuers();
  }
}
