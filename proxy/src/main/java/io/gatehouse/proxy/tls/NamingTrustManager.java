package io.gatehouse.proxy.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The server side of a handshake that asks for a client certificate: accepts whatever the client
 * sends (nginx's {@code optional_no_ca}; the plugin that asked verifies it) and names {@code
 * authorities} as the acceptable issuers, which both Netty providers put in the CertificateRequest
 * (OpenSSL's client CA list, the JDK's {@code certificate_authorities}).
 */
final class NamingTrustManager extends X509ExtendedTrustManager {
  private final X509Certificate[] authorities;

  NamingTrustManager(List<X509Certificate> authorities) {
    this.authorities = authorities.toArray(X509Certificate[]::new);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) {}

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("a listener's trust manager checks no servers");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return authorities.clone();
  }
}
