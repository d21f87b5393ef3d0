package io.gatehouse.plugins.jwt;

import java.io.IOException;
import java.io.StringReader;
import java.security.PublicKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.jspecify.annotations.Nullable;

/** The PEM of a {@code jwt_secrets.rsa_public_key}: RSA, EC, Ed25519 or Ed448. */
final class PublicKeys {
  private PublicKeys() {}

  /**
   * The public key in a PEM block ({@code PUBLIC KEY}, {@code RSA PUBLIC KEY}, a key pair or a
   * certificate), or null when it does not parse.
   */
  static @Nullable PublicKey parse(String pem) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object o = parser.readObject();
      SubjectPublicKeyInfo info;
      if (o instanceof SubjectPublicKeyInfo i) {
        info = i;
      } else if (o instanceof PEMKeyPair pair) {
        info = pair.getPublicKeyInfo();
      } else if (o instanceof X509CertificateHolder cert) {
        info = cert.getSubjectPublicKeyInfo();
      } else {
        return null;
      }
      return new JcaPEMKeyConverter().getPublicKey(info);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
