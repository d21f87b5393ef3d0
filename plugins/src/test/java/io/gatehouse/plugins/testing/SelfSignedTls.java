package io.gatehouse.plugins.testing;

import io.gatehouse.proxy.tls.PemKeyPair;
import io.gatehouse.proxy.tls.SelfSignedCertificates;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.net.ssl.SSLContext;

/** A server-side TLS context with a fresh self-signed EC certificate, for JDK {@code HttpsServer}s in tests. */
public final class SelfSignedTls {
  private SelfSignedTls() {}

  /** A context whose certificate names {@code name} (and nothing else). */
  public static SSLContext context(String name) {
    try {
      PemKeyPair pem = SelfSignedCertificates.generate(name, SelfSignedCertificates.KeyType.EC, java.time.Duration.ofDays(1));
      java.security.cert.Certificate cert = java.security.cert.CertificateFactory.getInstance("X.509")
          .generateCertificate(new java.io.ByteArrayInputStream(pem.certificateChain().getBytes(StandardCharsets.US_ASCII)));
      String b64 = pem.privateKey().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      java.security.PrivateKey key = java.security.KeyFactory.getInstance("EC")
          .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
      java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("server", key, new char[0], new java.security.cert.Certificate[] {cert});
      javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, new char[0]);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(kmf.getKeyManagers(), null, null);
      return ssl;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

}
