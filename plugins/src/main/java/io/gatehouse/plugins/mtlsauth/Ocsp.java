package io.gatehouse.plugins.mtlsauth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revocation by the OCSP responder a client certificate names (its authority information access):
 * one request per certificate with a fresh nonce (RFC 8954), the answer signed by the issuer or by
 * a responder certificate the issuer gave {@code OCSPSigning}, and refused when it carries another
 * nonce (a replayed answer; one without a nonce is accepted, as RFC 8954 allows, since many responders
 * serve pre-signed answers), kept {@code cert_cache_ttl} seconds. Runs on the verification pool only.
 */
final class Ocsp {
  private static final Logger LOG = LoggerFactory.getLogger(Ocsp.class);

  private record Answer(Crls.Status status, long atNanos) {}

  /** RFC 8954 recommends 32 bytes at most; 16 random bytes are unguessable. */
  private static final int NONCE_BYTES = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private static final Cache<String, Answer> ANSWERS = Caffeine.newBuilder().maximumSize(10_000).build();

  private Ocsp() {}

  /** GOOD or REVOKED as the responder says; UNKNOWN when the certificate names none or no valid answer came. */
  static Crls.Status check(X509Certificate cert, X509Certificate issuer, MtlsAuthConfig c) {
    List<String> urls = responders(cert);
    if (urls.isEmpty()) {
      return Crls.Status.UNKNOWN;
    }
    String key = urls.getFirst() + "#" + issuer.getSubjectX500Principal().getName() + "#" + cert.getSerialNumber();
    Answer cached = ANSWERS.getIfPresent(key);
    if (cached != null && System.nanoTime() - cached.atNanos() < (long) (c.certCacheTtl() * 1e9)) {
      return cached.status();
    }
    for (String url : urls) {
      Crls.Status s = ask(url, cert, issuer, c);
      if (s != Crls.Status.UNKNOWN) {
        ANSWERS.put(key, new Answer(s, System.nanoTime()));
        return s;
      }
    }
    return Crls.Status.UNKNOWN;
  }

  private static Crls.Status ask(String url, X509Certificate cert, X509Certificate issuer, MtlsAuthConfig c) {
    try {
      X509CertificateHolder issuerHolder = new JcaX509CertificateHolder(issuer);
      CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
          issuerHolder, cert.getSerialNumber());
      byte[] nonce = new byte[NONCE_BYTES];
      RANDOM.nextBytes(nonce);
      // RFC 8954: the extension's value is the DER of an OCTET STRING holding the nonce
      Extension sent = new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
          new DEROctetString(new DEROctetString(nonce)));
      byte[] request = new OCSPReqBuilder().addRequest(id).setRequestExtensions(new Extensions(sent)).build().getEncoded();
      HttpResponse<byte[]> r = RevocationHttp.send(RevocationHttp.request(url, c)
          .header("Content-Type", "application/ocsp-request").POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(), c);
      if (r.statusCode() != 200) {
        LOG.warn("mtls-auth: OCSP responder {} answered {}", url, r.statusCode());
        return Crls.Status.UNKNOWN;
      }
      OCSPResp resp = new OCSPResp(r.body());
      if (resp.getStatus() != OCSPResp.SUCCESSFUL || !(resp.getResponseObject() instanceof BasicOCSPResp basic)) {
        LOG.warn("mtls-auth: OCSP responder {} gave no answer (status {})", url, resp.getStatus());
        return Crls.Status.UNKNOWN;
      }
      if (!signedForIssuer(basic, issuerHolder)) {
        LOG.warn("mtls-auth: OCSP answer from {} is not signed for {}", url, issuer.getSubjectX500Principal());
        return Crls.Status.UNKNOWN;
      }
      Extension echoed = basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
      if (echoed != null && !echoed.getExtnValue().equals(sent.getExtnValue())) {
        LOG.warn("mtls-auth: OCSP answer from {} carries another request's nonce (a replayed answer?)", url);
        return Crls.Status.UNKNOWN;
      }
      for (SingleResp single : basic.getResponses()) {
        if (!single.getCertID().equals(id)) {
          continue;
        }
        CertificateStatus status = single.getCertStatus();
        if (status == CertificateStatus.GOOD) {
          return Crls.Status.GOOD;
        }
        return status instanceof RevokedStatus ? Crls.Status.REVOKED : Crls.Status.UNKNOWN;
      }
      return Crls.Status.UNKNOWN;
    } catch (IOException | RuntimeException | org.bouncycastle.operator.OperatorCreationException
        | org.bouncycastle.cert.ocsp.OCSPException | java.security.cert.CertificateEncodingException e) {
      LOG.warn("mtls-auth: cannot ask OCSP responder {}: {}", url, e.toString());
      return Crls.Status.UNKNOWN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Crls.Status.UNKNOWN;
    }
  }

  /** Signed by the issuer itself, or by a certificate in the answer that the issuer signed for OCSP signing. */
  private static boolean signedForIssuer(BasicOCSPResp basic, X509CertificateHolder issuer) {
    try {
      var verifiers = new JcaContentVerifierProviderBuilder();
      if (basic.isSignatureValid(verifiers.build(issuer))) {
        return true;
      }
      for (X509CertificateHolder responder : basic.getCerts()) {
        boolean delegated = responder.getIssuer().equals(issuer.getSubject())
            && responder.isSignatureValid(verifiers.build(issuer))
            && responder.getExtensions() != null
            && org.bouncycastle.asn1.x509.ExtendedKeyUsage.fromExtensions(responder.getExtensions()) != null
            && org.bouncycastle.asn1.x509.ExtendedKeyUsage.fromExtensions(responder.getExtensions())
                .hasKeyPurposeId(KeyPurposeId.id_kp_OCSPSigning);
        if (delegated && basic.isSignatureValid(verifiers.build(responder))) {
          return true;
        }
      }
    } catch (Exception e) {
      return false;
    }
    return false;
  }

  /** The http(s) OCSP responder URLs of the certificate's authority information access. */
  static List<String> responders(X509Certificate cert) {
    byte[] ext = cert.getExtensionValue(Extension.authorityInfoAccess.getId());
    if (ext == null) {
      return List.of();
    }
    List<String> urls = new ArrayList<>();
    try {
      AuthorityInformationAccess aia = AuthorityInformationAccess.getInstance(
          ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(ext).getOctets()));
      for (AccessDescription d : aia.getAccessDescriptions()) {
        GeneralName where = d.getAccessLocation();
        if (d.getAccessMethod().equals(AccessDescription.id_ad_ocsp) && where.getTagNo() == GeneralName.uniformResourceIdentifier) {
          String u = where.getName().toString();
          if (u.regionMatches(true, 0, "http:", 0, 5) || u.regionMatches(true, 0, "https:", 0, 6)) {
            urls.add(u);
          }
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      return List.of();
    }
    return urls;
  }
}
