package io.gatehouse.plugins.mtlsauth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revocation by the CRLs a client certificate names (its CRL distribution points, http and https):
 * fetched with a timeout (through the configured proxy), checked against the issuer's key and kept
 * {@code cert_cache_ttl} seconds. Runs on the verification pool only.
 */
final class Crls {
  private static final Logger LOG = LoggerFactory.getLogger(Crls.class);
  private static final String CRL_DISTRIBUTION_POINTS = "2.5.29.31";

  /** What the CRLs say about a certificate. */
  enum Status { GOOD, REVOKED, UNKNOWN }

  private record Fetched(X509CRL crl, long atNanos) {}

  private static final Cache<String, Fetched> FETCHED = Caffeine.newBuilder().maximumSize(1_000).build();

  private Crls() {}

  /** GOOD when a valid CRL of the issuer lists it not; UNKNOWN when none names a CRL or none could be had. */
  static Status check(X509Certificate cert, X509Certificate issuer, MtlsAuthConfig c) {
    List<String> urls = distributionPoints(cert);
    if (urls.isEmpty()) {
      return Status.UNKNOWN;
    }
    for (String url : urls) {
      X509CRL crl = crl(url, issuer, c);
      if (crl != null) {
        return crl.isRevoked(cert) ? Status.REVOKED : Status.GOOD;
      }
    }
    return Status.UNKNOWN;
  }

  private static @Nullable X509CRL crl(String url, X509Certificate issuer, MtlsAuthConfig c) {
    long ttlNanos = (long) (c.certCacheTtl() * 1e9);
    Fetched f = FETCHED.getIfPresent(url);
    if (f != null && System.nanoTime() - f.atNanos() < ttlNanos && signedBy(f.crl(), issuer)) {
      return f.crl();
    }
    try {
      HttpResponse<byte[]> r = RevocationHttp.send(RevocationHttp.request(url, c).GET().build(), c);
      if (r.statusCode() != 200) {
        LOG.warn("mtls-auth: CRL {} answered {}", url, r.statusCode());
        return null;
      }
      X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(r.body()));
      if (!signedBy(crl, issuer)) {
        LOG.warn("mtls-auth: CRL {} is not signed by {}", url, issuer.getSubjectX500Principal());
        return null;
      }
      FETCHED.put(url, new Fetched(crl, System.nanoTime()));
      return crl;
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      LOG.warn("mtls-auth: cannot fetch CRL {}: {}", url, e.toString());
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static boolean signedBy(X509CRL crl, X509Certificate issuer) {
    if (!crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
      return false;
    }
    try {
      crl.verify(issuer.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** The http(s) URLs of the certificate's CRL distribution points. */
  static List<String> distributionPoints(X509Certificate cert) {
    byte[] ext = cert.getExtensionValue(CRL_DISTRIBUTION_POINTS);
    if (ext == null) {
      return List.of();
    }
    List<String> urls = new ArrayList<>();
    try {
      CRLDistPoint points = CRLDistPoint.getInstance(ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(ext).getOctets()));
      for (DistributionPoint p : points.getDistributionPoints()) {
        DistributionPointName name = p.getDistributionPoint();
        if (name == null || name.getType() != DistributionPointName.FULL_NAME) {
          continue;
        }
        for (GeneralName g : GeneralNames.getInstance(name.getName()).getNames()) {
          if (g.getTagNo() == GeneralName.uniformResourceIdentifier) {
            String u = g.getName().toString();
            if (u.regionMatches(true, 0, "http:", 0, 5) || u.regionMatches(true, 0, "https:", 0, 6)) {
              urls.add(u);
            }
          }
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      return List.of();
    }
    return urls;
  }
}
