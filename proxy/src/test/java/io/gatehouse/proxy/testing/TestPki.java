package io.gatehouse.proxy.testing;

import io.gatehouse.proxy.tls.PemKeyPair;
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
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.jspecify.annotations.Nullable;

/**
 * A tiny certificate authority for TLS tests (BouncyCastle, EC P-256): CAs, intermediates and the
 * server or client certificates they issue, as PEM. Self-signed leaves come from
 * {@link io.gatehouse.proxy.tls.SelfSignedCertificates}.
 */
public final class TestPki {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A CA (or intermediate) able to issue certificates. */
  public static final class Authority {
    private final X500Name name;
    private final KeyPair keys;
    private final String certificatePem;
    private final String chainAbovePem; // this authority's certificate and those above it, root excluded

    private Authority(X500Name name, KeyPair keys, String certificatePem, String chainAbovePem) {
      this.name = name;
      this.keys = keys;
      this.certificatePem = certificatePem;
      this.chainAbovePem = chainAbovePem;
    }

    /** This authority's certificate (what goes into a {@code ca_certificates} entity). */
    public String certificatePem() {
      return certificatePem;
    }

    /** An intermediate CA signed by this one. */
    public Authority intermediate(String cn) {
      KeyPair k = keys();
      X500Name subject = new X500Name("O=Gatehouse Test,CN=" + cn);
      String pem = sign(subject, k, true, null);
      return new Authority(subject, k, pem, pem + chainAbovePem); // a root's own certificate is never served
    }

    /** A server certificate for these DNS names, with the intermediates up to (not including) the root. */
    public PemKeyPair server(String... dnsNames) {
      KeyPair k = keys();
      GeneralName[] names = new GeneralName[dnsNames.length];
      for (int i = 0; i < dnsNames.length; i++) names[i] = new GeneralName(GeneralName.dNSName, dnsNames[i]);
      String leaf = sign(new X500Name("O=Gatehouse Test,CN=" + dnsNames[0]), k, false, new GeneralNames(names));
      return new PemKeyPair(leaf + chainAbovePem, keyPem(k));
    }

    /** A client certificate with this common name. */
    public PemKeyPair client(String cn) {
      KeyPair k = keys();
      String leaf = sign(new X500Name("O=Gatehouse Test,CN=" + cn), k, false, null);
      return new PemKeyPair(leaf + chainAbovePem, keyPem(k));
    }

    /**
     * A client certificate with every option: DNS names as SANs, a CRL distribution point (null:
     * none), and its validity. {@link Issued#serial()} is what {@link #crl} revokes.
     */
    public Issued client(String cn, List<String> dnsSans, @Nullable String crlUrl, Instant notBefore, Instant notAfter) {
      return client(cn, dnsSans, crlUrl, null, notBefore, notAfter);
    }

    /** As above, also naming an OCSP responder (null: none) in the authority information access. */
    public Issued client(String cn, List<String> dnsSans, @Nullable String crlUrl, @Nullable String ocspUrl,
        Instant notBefore, Instant notAfter) {
      KeyPair k = keys();
      GeneralNames sans = null;
      if (!dnsSans.isEmpty()) {
        sans = new GeneralNames(dnsSans.stream().map(d -> new GeneralName(GeneralName.dNSName, d)).toArray(GeneralName[]::new));
      }
      BigInteger serial = new BigInteger(64, RANDOM).add(BigInteger.ONE);
      String leaf = sign(new X500Name("O=Gatehouse Test,CN=" + cn), k, false, sans, serial, crlUrl, ocspUrl, notBefore, notAfter);
      return new Issued(new PemKeyPair(leaf + chainAbovePem, keyPem(k)), serial);
    }

    /** A CRL of this authority (DER) revoking these serial numbers, valid for a day. */
    public byte[] crl(List<BigInteger> revoked) {
      try {
        Instant now = Instant.now();
        var b = new X509v2CRLBuilder(name, Date.from(now.minus(Duration.ofMinutes(5))));
        b.setNextUpdate(Date.from(now.plus(Duration.ofDays(1))));
        for (BigInteger serial : revoked) b.addCRLEntry(serial, Date.from(now.minus(Duration.ofMinutes(1))), CRLReason.keyCompromise);
        return b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())).getEncoded();
      } catch (Exception e) {
        throw new IllegalStateException("cannot issue a test CRL", e);
      }
    }

    /**
     * This authority's OCSP answer (DER, signed with its own key) to an OCSP request: each certificate
     * asked about is revoked when its serial is in {@code revoked}, else good.
     */
    public byte[] ocspResponse(byte[] request, List<BigInteger> revoked) {
      return ocspResponse(request, revoked, null);
    }

    /**
     * As {@link #ocspResponse(byte[], List)}, the answer carrying {@code nonce} as its nonce
     * extension (RFC 8954) when not null: the request's own to echo it, another to replay a stale answer.
     */
    public byte[] ocspResponse(byte[] request, List<BigInteger> revoked, @Nullable Extension nonce) {
      try {
        var req = new OCSPReq(request);
        var digests = new JcaDigestCalculatorProviderBuilder().build();
        var b = new BasicOCSPRespBuilder(SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()),
            digests.get(CertificateID.HASH_SHA1));
        if (nonce != null) b.setResponseExtensions(new org.bouncycastle.asn1.x509.Extensions(nonce));
        for (Req one : req.getRequestList()) {
          CertificateID id = one.getCertID();
          b.addResponse(id, revoked.contains(id.getSerialNumber())
              ? new RevokedStatus(Date.from(Instant.now().minus(Duration.ofMinutes(1))), CRLReason.keyCompromise)
              : CertificateStatus.GOOD);
        }
        var basic = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()), null, new Date());
        return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
      } catch (Exception e) {
        throw new IllegalStateException("cannot answer a test OCSP request", e);
      }
    }

    private String sign(X500Name subject, KeyPair subjectKeys, boolean ca, @Nullable GeneralNames sans) {
      Instant now = Instant.now();
      return sign(subject, subjectKeys, ca, sans, new BigInteger(64, RANDOM).add(BigInteger.ONE), null, null,
          now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(2)));
    }

    private String sign(X500Name subject, KeyPair subjectKeys, boolean ca, @Nullable GeneralNames sans, BigInteger serial,
        @Nullable String crlUrl, @Nullable String ocspUrl, Instant notBefore, Instant notAfter) {
      try {
        var b = new JcaX509v3CertificateBuilder(name, serial, Date.from(notBefore), Date.from(notAfter), subject,
            subjectKeys.getPublic())
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (ca) b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        if (sans != null) b.addExtension(Extension.subjectAlternativeName, false, sans);
        if (crlUrl != null) {
          GeneralNames where = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, crlUrl));
          b.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
              new DistributionPoint(new DistributionPointName(where), null, null)}));
        }
        if (ocspUrl != null) {
          b.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(AccessDescription.id_ad_ocsp,
              new GeneralName(GeneralName.uniformResourceIdentifier, ocspUrl)));
        }
        X509CertificateHolder h = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
        return pem(h);
      } catch (Exception e) {
        throw new IllegalStateException("cannot issue a test certificate", e);
      }
    }
  }

  /** An issued client certificate and its serial number. */
  public record Issued(PemKeyPair pair, BigInteger serial) {}

  private TestPki() {}

  /** A self-signed root CA. */
  public static Authority root(String cn) {
    KeyPair k = keys();
    X500Name name = new X500Name("O=Gatehouse Test,CN=" + cn);
    Authority self = new Authority(name, k, "", "");
    String pem = self.sign(name, k, true, null);
    return new Authority(name, k, pem, "");
  }

  private static KeyPair keys() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String keyPem(KeyPair k) {
    try {
      return pem(new JcaPKCS8Generator(k.getPrivate(), null));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(Object o) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(o);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }
}
