package io.gatehouse.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.proxy.tls.SelfSignedCertificates.KeyType;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.Test;

class ServerSslContextsTest {
  static final PemKeyPair EC = SelfSignedCertificates.generate("ec.test", KeyType.EC, Duration.ofDays(1));

  @Test
  void aGeneratedPairMakesAServerContextThatOffersOnlyHttp11() {
    var ctx = ServerSslContexts.build(List.of(EC));
    assertThat(ctx.isServer()).isTrue();
    assertThat(ctx.applicationProtocolNegotiator().protocols()).containsExactly("http/1.1");
  }

  @Test
  void traditionalRsaAndEcKeyFormatsAreAccepted() throws Exception {
    // "BEGIN RSA PRIVATE KEY" (PKCS#1), as openssl and many CAs' tooling write them
    PemKeyPair rsa = SelfSignedCertificates.generate("rsa.test", KeyType.RSA, Duration.ofDays(1));
    String pkcs1 = rewrite(rsa.privateKey());
    assertThat(pkcs1).contains("BEGIN RSA PRIVATE KEY");
    ServerSslContexts.build(List.of(new PemKeyPair(rsa.certificateChain(), pkcs1)));
    // "BEGIN EC PRIVATE KEY" (SEC1), as openssl ecparam -genkey writes them: curve and public key included
    ServerSslContexts.build(List.of(new PemKeyPair(EC.certificateChain(), sec1(EC))));
  }

  @Test
  void aKeyOfAnotherCertificateIsRefused() {
    PemKeyPair other = SelfSignedCertificates.generate("other.test", KeyType.EC, Duration.ofDays(1));
    assertThatThrownBy(() -> ServerSslContexts.build(List.of(new PemKeyPair(EC.certificateChain(), other.privateKey()))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match");
  }

  @Test
  void unreadablePemIsRefusedWithAReason() {
    assertThatThrownBy(() -> ServerSslContexts.build(List.of(new PemKeyPair("not a certificate", EC.privateKey()))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("certificate");
    assertThatThrownBy(() -> ServerSslContexts.build(List.of(new PemKeyPair(EC.certificateChain(), "not a key"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("private key");
    assertThatThrownBy(() -> ServerSslContexts.build(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  private static String sec1(PemKeyPair pair) throws Exception {
    var key = (java.security.interfaces.ECPrivateKey) io.gatehouse.core.entity.Pem.privateKey(pair.privateKey());
    var spki = SubjectPublicKeyInfo.getInstance(
        ServerSslContexts.chain(pair.certificateChain())[0].getPublicKey().getEncoded());
    var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, key.getS(),
        new DERBitString(spki.getPublicKeyData().getBytes()), spki.getAlgorithm().getParameters());
    StringWriter out = new StringWriter();
    try (PemWriter w = new PemWriter(out)) {
      w.writeObject(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
    }
    return out.toString();
  }

  /** The same key in its algorithm's traditional PEM form (BouncyCastle writes a java key pair that way). */
  private static String rewrite(String pkcs8) throws Exception {
    var key = io.gatehouse.core.entity.Pem.privateKey(pkcs8);
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(key);
    }
    return out.toString();
  }
}
