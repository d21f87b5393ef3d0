package io.gatehouse.plugins.ldapauth;

import com.unboundid.util.ssl.TrustAllTrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS side of LDAPS and StartTLS. Without {@code verify_ldap_host} any certificate is accepted
 * (Kong's default); with it the chain must lead to a trusted CA (Kong's
 * {@code lua_ssl_trusted_certificate}: the given CAs, or the JDK's trust store for {@code system})
 * and the certificate must name {@code ldap_host} (RFC 6125, the JDK's {@code LDAPS} rules).
 */
final class LdapTls {
  private static final Logger LOG = LoggerFactory.getLogger(LdapTls.class);

  private LdapTls() {}

  /** Accepts any server certificate. */
  static SSLSocketFactory trustingAll() {
    return context(new TrustManager[] {new TrustAllTrustManager()}).getSocketFactory();
  }

  /** Verifies the chain against {@code trusted} (null: the JDK's trust store) and the host name. */
  static SSLSocketFactory verifying(@Nullable List<X509Certificate> trusted) {
    if (trusted != null && trusted.isEmpty()) {
      return new HostChecking(context(new TrustManager[] {new TrustNone()}).getSocketFactory());
    }
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

  /**
   * The CAs of Kong's {@code lua_ssl_trusted_certificate}: comma-separated PEM files, {@code system}
   * for the JDK's trust store; null when it names only {@code system}. A file that cannot be read is
   * logged and left out.
   */
  static @Nullable List<X509Certificate> trustedCertificates(String setting) {
    List<X509Certificate> out = new ArrayList<>();
    boolean system = false;
    for (String item : setting.split(",")) {
      String path = item.trim();
      if (path.isEmpty()) {
        continue;
      }
      if (path.equals("system")) {
        system = true;
        continue;
      }
      try (InputStream in = Files.newInputStream(Path.of(path))) {
        for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
          out.add((X509Certificate) c);
        }
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        LOG.error("ldap-auth: lua_ssl_trusted_certificate {} cannot be read: {}", path, e.toString());
      }
    }
    if (out.isEmpty()) {
      return system ? null : List.of();
    }
    if (system) {
      out.addAll(List.of(jdkTrust().getAcceptedIssuers()));
    }
    return List.copyOf(out);
  }

  private static X509TrustManager jdkTrust() {
    try {
      TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      f.init((KeyStore) null);
      for (TrustManager m : f.getTrustManagers()) {
        if (m instanceof X509TrustManager x) {
          return x;
        }
      }
      throw new IllegalStateException("the JDK offers no X.509 trust manager");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
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

  /** No CA could be read: no server is trusted. */
  private static final class TrustNone implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
      throw new java.security.cert.CertificateException("no trusted CA");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
      throw new java.security.cert.CertificateException("no trusted CA (lua_ssl_trusted_certificate)");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
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
