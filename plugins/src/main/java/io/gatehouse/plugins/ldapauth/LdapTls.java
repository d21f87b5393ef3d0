package io.gatehouse.plugins.ldapauth;

import com.unboundid.util.ssl.TrustAllTrustManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * The TLS side of LDAPS and StartTLS. Without {@code verify_ldap_host} any certificate is accepted
 * (Kong's default); with it the chain must lead to a trusted CA (Kong's
 * {@code lua_ssl_trusted_certificate}: the given CAs, or the JDK's trust store for {@code system})
 * and the certificate must name {@code ldap_host} (RFC 6125, the JDK's {@code LDAPS} rules).
 */
final class LdapTls {
  private LdapTls() {}

  /** Accepts any server certificate. */
  static SSLSocketFactory trustingAll() {
    return context(new TrustManager[] {new TrustAllTrustManager()}).getSocketFactory();
  }

  /** Verifies the chain against {@code trusted} (null: the JDK's trust store) and the host name. */
  static SSLSocketFactory verifying(@Nullable List<X509Certificate> trusted) {
    try {
      KeyStore store = null;
      if (trusted != null) {
        store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (int i = 0; i < trusted.size(); i++) {
          store.setCertificateEntry("ca-" + i, trusted.get(i));
        }
      }
      TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      f.init(store);
      return new HostChecking(context(f.getTrustManagers()).getSocketFactory());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build ldap-auth's trust store: " + e.getMessage(), e);
    }
  }

  private static SSLContext context(TrustManager[] trust) {
    try {
      SSLContext c = SSLContext.getInstance("TLS");
      c.init(null, trust, null);
      return c;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no TLS in this JDK: " + e.getMessage(), e);
    }
  }

  /** Turns on the JDK's host name check for every socket it makes (LDAPS and StartTLS alike). */
  private static final class HostChecking extends SSLSocketFactory {
    private final SSLSocketFactory delegate;

    HostChecking(SSLSocketFactory delegate) {
      this.delegate = delegate;
    }

    private static Socket checked(Socket s) {
      SSLSocket ssl = (SSLSocket) s;
      SSLParameters p = ssl.getSSLParameters();
      p.setEndpointIdentificationAlgorithm("LDAPS");
      ssl.setSSLParameters(p);
      return ssl;
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
      return checked(delegate.createSocket(s, host, port, autoClose));
    }

    @Override
    public Socket createSocket() throws IOException {
      return checked(delegate.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return checked(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
      return checked(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return checked(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
        throws IOException {
      return checked(delegate.createSocket(address, port, localAddress, localPort));
    }

    @Override
    public String[] getDefaultCipherSuites() {
      return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return delegate.getSupportedCipherSuites();
    }
  }
}
