package io.gatehouse.proxy.tls;

import io.gatehouse.core.model.Certificate;
import io.gatehouse.core.model.ConfigSnapshot;
import io.gatehouse.core.model.Sni;
import io.netty.handler.ssl.SslContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificates of one configuration, by SNI name, with Kong's lookup: the exact name, then the
 * {@code *.} wildcard of its parent ({@code a.b.c} → {@code *.b.c}), then the {@code .*} wildcard of
 * its last label ({@code a.b} → {@code a.*}), then the SNI named {@code *}. {@link #find} returning
 * null means "the node's default certificate".
 *
 * <p>Contexts are built here, at compile time; a certificate that cannot be used is logged and left
 * out (its SNIs fall through to the next candidate) instead of rejecting the whole configuration.
 */
public final class SniCertificates {
  private static final Logger log = LoggerFactory.getLogger(SniCertificates.class);
  /** Kong's catch-all SNI name. */
  static final String CATCH_ALL = "*";

  public static final SniCertificates NONE = new SniCertificates(Map.of(), Map.of(), false);

  private final Map<String, Served> byName;
  /** The built contexts of each certificate, so the next version reuses those that did not change. */
  private final Map<Certificate, Served> byCertificate;
  private final @Nullable Served catchAll;
  private final boolean asksClientCertificate;

  /**
   * One certificate's contexts: HTTP/1.1-only listeners and {@code http2} listeners differ in ALPN
   * only; those asking for a client certificate are built only while a plugin wants one.
   */
  private record Served(SslContext http1, SslContext h2, @Nullable SslContext askingHttp1, @Nullable SslContext askingH2) {
    SslContext of(Alpn alpn, boolean asking) {
      if (asking && askingHttp1 != null && askingH2 != null) return alpn == Alpn.H2 ? askingH2 : askingHttp1;
      return alpn == Alpn.H2 ? h2 : http1;
    }
  }

  private SniCertificates(Map<String, Served> byName, Map<Certificate, Served> byCertificate, boolean asks) {
    this.byName = byName;
    this.byCertificate = byCertificate;
    this.catchAll = byName.get(CATCH_ALL);
    this.asksClientCertificate = asks;
  }

  /** Whether handshakes ask clients for a certificate (a plugin that needs one is enabled). */
  public boolean asksClientCertificate() {
    return asksClientCertificate;
  }

  /**
   * Compiles the certificates the snapshot's SNIs point to. Contexts of certificates unchanged since
   * {@code previous} are reused rather than rebuilt.
   */
  public static SniCertificates compile(ConfigSnapshot snapshot, SniCertificates previous) {
    return compile(snapshot, previous, TlsPolicy.DEFAULT, false);
  }

  /** As {@link #compile(ConfigSnapshot, SniCertificates)}; {@code ask} asks clients for a certificate. */
  public static SniCertificates compile(ConfigSnapshot snapshot, SniCertificates previous, boolean ask) {
    return compile(snapshot, previous, TlsPolicy.DEFAULT, ask);
  }

  /**
   * As {@link #compile(ConfigSnapshot, SniCertificates, boolean)}, with contexts accepting what
   * {@code policy} allows (one node has one policy, so reused contexts already follow it).
   */
  public static SniCertificates compile(ConfigSnapshot snapshot, SniCertificates previous, TlsPolicy policy,
      boolean ask) {
    Map<String, Certificate> certificates = new HashMap<>();
    for (Certificate c : snapshot.certificates()) {
      if (c.id() != null) certificates.put(c.id(), c);
    }
    Map<Certificate, Served> built = new HashMap<>();
    Map<String, Served> byName = new HashMap<>();
    Set<Certificate> unusable = new HashSet<>();
    for (Sni sni : snapshot.snis()) {
      if (sni.name() == null || sni.certificateId() == null) continue;
      Certificate cert = certificates.get(sni.certificateId());
      if (cert == null) {
        log.warn("SNI {} points to certificate {}, which does not exist; ignored", sni.name(), sni.certificateId());
        continue;
      }
      Served context = built.get(cert);
      if (context == null && !unusable.contains(cert)) {
        context = previous.byCertificate.get(cert);
        if (context != null && ask && context.askingHttp1() == null) context = null;
        if (context == null) context = build(cert, policy, ask);
        if (context == null) unusable.add(cert);
        else built.put(cert, context);
      }
      if (context != null) byName.put(sni.name().toLowerCase(Locale.ROOT), context);
    }
    return new SniCertificates(Map.copyOf(byName), Map.copyOf(built), ask);
  }

  private static @Nullable Served build(Certificate cert, TlsPolicy policy, boolean ask) {
    List<PemKeyPair> pairs = new ArrayList<>(2);
    pairs.add(new PemKeyPair(cert.cert(), cert.key()));
    if (cert.certAlt() != null && cert.keyAlt() != null) pairs.add(new PemKeyPair(cert.certAlt(), cert.keyAlt()));
    try {
      return new Served(ServerSslContexts.build(pairs, Alpn.HTTP1, policy, false),
          ServerSslContexts.build(pairs, Alpn.H2, policy, false),
          ask ? ServerSslContexts.build(pairs, Alpn.HTTP1, policy, true) : null,
          ask ? ServerSslContexts.build(pairs, Alpn.H2, policy, true) : null);
    } catch (RuntimeException e) {
      log.error("certificate {} cannot be served and is skipped (its SNIs get the next match): {}", cert.id(),
          e.getMessage());
      return null;
    }
  }

  /** The context for a client's server name (lower-case, as Netty passes it), or null for the default. */
  public @Nullable SslContext find(String serverName) {
    return find(serverName, Alpn.HTTP1);
  }

  /** The context for a client's server name on a listener offering {@code alpn}, or null for the default. */
  public @Nullable SslContext find(String serverName, Alpn alpn) {
    Served s = served(serverName);
    return s == null ? null : s.of(alpn, asksClientCertificate);
  }

  private @Nullable Served served(String serverName) {
    if (byName.isEmpty()) return null;
    Served c = byName.get(serverName);
    if (c != null) return c;
    String prefix = prefixWildcard(serverName);
    if (prefix != null && (c = byName.get(prefix)) != null) return c;
    String suffix = suffixWildcard(serverName);
    if (suffix != null && (c = byName.get(suffix)) != null) return c;
    return catchAll;
  }

  /** Number of SNI names served by a configured certificate. */
  public int size() {
    return byName.size();
  }

  /** {@code www.example.com} → {@code *.example.com}; null below three labels (a wildcard never covers a TLD). */
  static @Nullable String prefixWildcard(String name) {
    int first = name.indexOf('.');
    if (first <= 0) return null;
    int second = name.indexOf('.', first + 1);
    if (second <= first + 1 || second == name.length() - 1) return null;
    return "*" + name.substring(first);
  }

  /** {@code www.example.com} → {@code www.example.*}; null for a single label. */
  static @Nullable String suffixWildcard(String name) {
    int last = name.lastIndexOf('.');
    if (last <= 0 || last == name.length() - 1 || name.charAt(last - 1) == '.') return null;
    return name.substring(0, last + 1) + "*";
  }
}
