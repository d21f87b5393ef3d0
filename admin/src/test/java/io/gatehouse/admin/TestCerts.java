package io.gatehouse.admin;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Self-signed certificates made at test time (BouncyCastle, independent of the code under test). */
final class TestCerts {
  record Pair(String cert, String key) {}

  private TestCerts() {}

  static Pair selfSigned(String cn) throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    KeyPair kp = gen.generateKeyPair();
    X500Name name = new X500Name("CN=" + cn);
    Date from = new Date(System.currentTimeMillis() - 86_400_000L);
    Date to = new Date(System.currentTimeMillis() + 86_400_000L * 365);
    var holder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(System.nanoTime()), from, to, name, kp.getPublic())
        .build(new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate()));
    var cert = new JcaX509CertificateConverter().getCertificate(holder);
    return new Pair(pem(cert), pem(kp.getPrivate()));
  }

  private static String pem(Object o) throws Exception {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter p = new JcaPEMWriter(w)) {
      p.writeObject(o);
    }
    return w.toString();
  }
}
