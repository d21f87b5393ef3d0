package io.gatehouse.core.entity;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HexFormat;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.jspecify.annotations.Nullable;

/** PEM certificates and keys: parsing, the cert/key match check, digests. */
public final class Pem {
  private Pem() {}

  public static @Nullable X509Certificate certificate(String pem) {
    try {
      Collection<? extends java.security.cert.Certificate> certs = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
      return certs.isEmpty() ? null : (X509Certificate) certs.iterator().next();
    } catch (CertificateException e) {
      return null;
    }
  }

  public static @Nullable PrivateKey privateKey(String pem) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object o = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (o instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
      if (o instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** A public key: {@code PUBLIC KEY} (SubjectPublicKeyInfo) or {@code RSA PUBLIC KEY} (PKCS#1). */
  public static @Nullable PublicKey publicKey(String pem) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object o = parser.readObject();
      if (o instanceof org.bouncycastle.asn1.x509.SubjectPublicKeyInfo info) {
        return new JcaPEMKeyConverter().getPublicKey(info);
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  static @Nullable String certificateError(String pem) {
    return certificate(pem) == null ? "invalid certificate: " + firstLine(pem) : null;
  }

  static @Nullable String keyError(String pem) {
    return privateKey(pem) == null ? "invalid key: " + firstLine(pem) : null;
  }

  static @Nullable String caCertificateError(String pem) {
    int count = pem.split("-----BEGIN CERTIFICATE-----", -1).length - 1;
    if (count > 1) {
      return "please submit only one certificate at a time";
    }
    X509Certificate cert = certificate(pem);
    if (cert == null) {
      return "invalid certificate: " + firstLine(pem);
    }
    try {
      cert.checkValidity();
    } catch (CertificateExpiredException | CertificateNotYetValidException e) {
      return "certificate expired, \"Not After\" time is in the past";
    }
    if (cert.getBasicConstraints() < 0) {
      return "certificate does not appear to be a CA because it is missing the \"CA\" basic constraint";
    }
    return null;
  }

  /** Whether the private key signs what the certificate's public key verifies. */
  static boolean matches(String certPem, String keyPem) {
    X509Certificate cert = certificate(certPem);
    PrivateKey key = privateKey(keyPem);
    if (cert == null || key == null) {
      return true; // reported as a field error already
    }
    return pairs(cert.getPublicKey(), key);
  }

  /** Whether the private key signs what the public key verifies (true for key types it cannot probe). */
  static boolean pairs(PublicKey pub, PrivateKey key) {
    String alg = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC", "ECDSA" -> "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      case "Ed448" -> "Ed448";
      default -> null;
    };
    if (alg == null || !pub.getAlgorithm().replace("ECDSA", "EC").equals(key.getAlgorithm().replace("ECDSA", "EC"))) {
      return alg == null;
    }
    try {
      byte[] data = "gatehouse key check".getBytes(StandardCharsets.US_ASCII);
      Signature s = Signature.getInstance(alg);
      s.initSign(key);
      s.update(data);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance(alg);
      v.initVerify(pub);
      v.update(data);
      return v.verify(sig);
    } catch (java.security.GeneralSecurityException e) {
      return false;
    }
  }

  static boolean sameKeyType(String certA, String certB) {
    X509Certificate a = certificate(certA);
    X509Certificate b = certificate(certB);
    return a != null && b != null && a.getPublicKey().getAlgorithm().equals(b.getPublicKey().getAlgorithm());
  }

  static @Nullable String sha256Digest(String pem) {
    X509Certificate cert = certificate(pem);
    if (cert == null) {
      return null;
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    } catch (NoSuchAlgorithmException | java.security.cert.CertificateEncodingException e) {
      return null;
    }
  }

  private static String firstLine(String pem) {
    String line = pem.strip().lines().findFirst().orElse("");
    return line.length() > 40 ? line.substring(0, 40) : line;
  }
}
