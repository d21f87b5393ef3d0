package io.gatehouse.proxy.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;

/**
 * A TLS client for tests that trusts any certificate and checks no host name (the proxy's test
 * certificates are self-signed), so a test can look at which certificate the server presented.
 */
public final class TlsClient {
  private static final Pattern CN = Pattern.compile("(?:^|,)CN=([^,]+)");

  private TlsClient() {}

  /** A socket with the handshake done, having sent {@code serverName} as SNI (none when null). */
  public static SSLSocket connect(InetSocketAddress address, @Nullable String serverName) throws IOException {
    return connect(address, serverName, null);
  }

  /** As {@link #connect(InetSocketAddress, String)}, offering only these signature schemes (null: the JDK's). */
  public static SSLSocket connect(InetSocketAddress address, @Nullable String serverName,
      String @Nullable [] signatureSchemes) throws IOException {
    return connect(address, serverName, signatureSchemes, null, null);
  }

  /** As above, offering only these protocols and cipher suites (null: the JDK's). */
  public static SSLSocket connect(InetSocketAddress address, @Nullable String serverName,
      String @Nullable [] signatureSchemes, String @Nullable [] protocols, String @Nullable [] suites) throws IOException {
    // a context of its own: the JDK resumes a cached session per host and port, and a resumption
    // resends the first session's SNI whatever this connection asks for
    SSLSocket socket = (SSLSocket) trustAll().getSocketFactory().createSocket();
    try {
      socket.connect(address, 5000);
      socket.setSoTimeout(10_000);
      SSLParameters p = socket.getSSLParameters();
      p.setServerNames(serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
      if (signatureSchemes != null) p.setSignatureSchemes(signatureSchemes);
      if (protocols != null) p.setProtocols(protocols);
      if (suites != null) p.setCipherSuites(suites);
      socket.setSSLParameters(p);
      socket.startHandshake();
      return socket;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** The certificate the server presents to a client sending {@code serverName}. */
  public static X509Certificate presented(InetSocketAddress address, @Nullable String serverName) throws IOException {
    try (SSLSocket s = connect(address, serverName)) {
      return (X509Certificate) s.getSession().getPeerCertificates()[0];
    }
  }

  /** The CN of the certificate the server presents to a client sending {@code serverName}. */
  public static String presentedName(InetSocketAddress address, @Nullable String serverName) throws IOException {
    return commonName(presented(address, serverName));
  }

  public static String commonName(X509Certificate cert) {
    Matcher m = CN.matcher(cert.getSubjectX500Principal().getName());
    if (!m.find()) throw new AssertionError("no CN in " + cert.getSubjectX500Principal());
    return m.group(1);
  }

  /** A JDK HTTP client for {@code https://127.0.0.1:<port>} URLs (no SNI is sent to an IP literal). */
  public static HttpClient httpClient(HttpClient.Version version) {
    return HttpClient.newBuilder().sslContext(trustAll()).version(version).connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** A client context that trusts any server certificate and checks no host name: tests only. */
  public static SSLContext trustAll() {
    // an X509ExtendedTrustManager: the JDK wraps a plain X509TrustManager and would check host names anyway
    TrustManager trustAll = new X509ExtendedTrustManager() {
      @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}
      @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}
      @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}
      @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}
      @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
      @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
      @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    };
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {trustAll}, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
