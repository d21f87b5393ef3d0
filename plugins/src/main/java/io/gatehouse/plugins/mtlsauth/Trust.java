package io.gatehouse.plugins.mtlsauth;

import io.gatehouse.sdk.Row;
import io.gatehouse.sdk.Snapshot;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CAs one instance trusts ({@code ca_certificates} ids) and the chain check against them (PKIX,
 * the JDK's path builder). Without {@code allow_partial_chain} only self-signed CAs anchor a chain
 * and the others serve as intermediates (OpenSSL's default); with it every listed CA is an anchor.
 */
final class Trust {
  private static final Logger LOG = LoggerFactory.getLogger(Trust.class);

  /** A chain that leads to a trusted CA: the path from the client's certificate up, and the CA's id. */
  record Verified(List<X509Certificate> path, X509Certificate issuer, String caId) {}

  private final Set<TrustAnchor> anchors;
  private final List<X509Certificate> intermediates;
  private final Map<X509Certificate, String> ids;
  private final List<X509Certificate> listed;

  private Trust(Set<TrustAnchor> anchors, List<X509Certificate> intermediates, Map<X509Certificate, String> ids,
      List<X509Certificate> listed) {
    this.anchors = anchors;
    this.intermediates = intermediates;
    this.ids = ids;
    this.listed = listed;
  }

  /** The CA certificates of {@code ca_certificates} that exist, in the config's order ({@code send_ca_dn} names them). */
  List<X509Certificate> certificates() {
    return listed;
  }

  static Trust of(List<String> caIds, Snapshot snapshot, boolean partialChain) {
    Map<String, Row> rows = new HashMap<>();
    for (Row r : snapshot.rows("ca_certificates")) {
      rows.put(r.id(), r);
    }
    Set<TrustAnchor> anchors = new HashSet<>();
    List<X509Certificate> intermediates = new ArrayList<>();
    Map<X509Certificate, String> ids = new HashMap<>();
    List<X509Certificate> listed = new ArrayList<>();
    for (String id : caIds) {
      Row row = rows.get(id);
      X509Certificate ca = row == null ? null : parse(row.text("cert"));
      if (ca == null) {
        LOG.warn("mtls-auth: ca_certificates {} does not exist or holds no certificate; ignored", id);
        continue;
      }
      ids.put(ca, id);
      listed.add(ca);
      if (partialChain || ca.getSubjectX500Principal().equals(ca.getIssuerX500Principal())) {
        anchors.add(new TrustAnchor(ca, null));
      } else {
        intermediates.add(ca);
      }
    }
    return new Trust(Set.copyOf(anchors), List.copyOf(intermediates), Map.copyOf(ids), List.copyOf(listed));
  }

  /** The verified path, or null when the chain leads to no trusted CA, or is expired or malformed. */
  @Nullable Verified verify(List<X509Certificate> chain, Date at) {
    if (anchors.isEmpty() || chain.isEmpty()) {
      return null;
    }
    try {
      X509CertSelector target = new X509CertSelector();
      target.setCertificate(chain.getFirst());
      PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, target);
      List<X509Certificate> pool = new ArrayList<>(chain);
      pool.addAll(intermediates);
      params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(pool)));
      params.setRevocationEnabled(false); // checked afterwards, as revocation_check_mode says
      params.setDate(at);
      PKIXCertPathBuilderResult r = (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(params);
      @SuppressWarnings("unchecked")
      List<X509Certificate> path = (List<X509Certificate>) r.getCertPath().getCertificates();
      X509Certificate anchor = r.getTrustAnchor().getTrustedCert();
      X509Certificate issuer = path.size() > 1 ? path.get(1) : anchor;
      String caId = ids.get(anchor);
      return new Verified(List.copyOf(path), issuer, caId == null ? "" : caId);
    } catch (CertPathBuilderException e) {
      return null; // untrusted, expired, or not a chain
    } catch (InvalidAlgorithmParameterException e) {
      return null;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks PKIX: " + e.getMessage(), e);
    }
  }

  private static @Nullable X509Certificate parse(@Nullable String pem) {
    if (pem == null) {
      return null;
    }
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException | RuntimeException e) {
      return null;
    }
  }
}
