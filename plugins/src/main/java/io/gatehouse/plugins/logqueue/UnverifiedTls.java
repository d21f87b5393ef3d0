package io.gatehouse.plugins.logqueue;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** A TLS context that accepts any server certificate: Kong's logging plugins do not verify log servers. */
public final class UnverifiedTls {
  private UnverifiedTls() {}

  public static SSLContext context() {
    TrustManager trustEverything = new X509TrustManager() {
      @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
      @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
      @Override public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
    try {
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, new TrustManager[] {trustEverything}, new SecureRandom());
      return ssl;
    } catch (Exception e) {
      throw new IllegalStateException("no TLS context", e);
    }
  }
}
