package io.gatehouse.proxy.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes self-signed certificates (BouncyCastle): the node's default certificate when
 * {@code ssl_cert} is not set, as Kong generates one into its prefix, and certificates for tests.
 */
public final class SelfSignedCertificates {
  /** The key types Kong's default certificates use: RSA 2048 and ECDSA P-256. */
  public enum KeyType { RSA, EC }

  private static final SecureRandom RANDOM = new SecureRandom();

  private SelfSignedCertificates() {}

  /**
   * A certificate for {@code commonName} (also its DNS subject alternative name, which clients check),
   * valid from an hour ago for {@code validity}; the key is PKCS#8 PEM.
   */
  public static PemKeyPair generate(String commonName, KeyType type, Duration validity) {
    try {
      KeyPair keys = keyPair(type);
      X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
          .addRDN(BCStyle.O, "Gatehouse")
          .addRDN(BCStyle.CN, commonName)
          .build();
      Instant now = Instant.now();
      // a positive random serial: clients reject repeated serials from the same issuer
      BigInteger serial = new BigInteger(64, RANDOM).add(BigInteger.ONE);
      X509CertificateHolder cert = new JcaX509v3CertificateBuilder(subject, serial,
          Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(validity)), subject, keys.getPublic())
          .addExtension(Extension.subjectAlternativeName, false,
              new GeneralNames(new GeneralName(GeneralName.dNSName, commonName)))
          .build(new JcaContentSignerBuilder(type == KeyType.RSA ? "SHA256withRSA" : "SHA256withECDSA")
              .build(keys.getPrivate()));
      return new PemKeyPair(pem(cert), pem(new JcaPKCS8Generator(keys.getPrivate(), null)));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot generate a self-signed certificate for " + commonName, e);
    }
  }

  private static KeyPair keyPair(KeyType type) throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(type.name());
    if (type == KeyType.RSA) {
      generator.initialize(2048, RANDOM);
    } else {
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    }
    return generator.generateKeyPair();
  }

  private static String pem(Object object) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }
}
