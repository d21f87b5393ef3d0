package io.gatehouse.proxy.tls;

import java.security.Security;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What the node's TLS listeners (proxy, Admin API, status) accept: Kong's {@code ssl_cipher_suite}
 * and the settings it governs, resolved to JDK names. Built once at startup ({@link #kong}).
 *
 * @param protocols JDK protocol names ({@code TLSv1.3}, {@code TLSv1.2}), never empty
 * @param cipherSuites IANA suite names in preference order (TLS 1.3 ones included when TLS 1.3 is on);
 *     empty means the TLS library's defaults ({@code custom} without {@code ssl_ciphers})
 * @param preferServerCiphers whether the server's order picks the suite ({@code ssl_prefer_server_ciphers})
 * @param sessionTickets whether TLS 1.2 clients get RFC 5077 tickets ({@code ssl_session_tickets});
 *     without, they resume through the session-id cache
 * @param sessionTimeout how long a session may be resumed ({@code ssl_session_timeout})
 * @param dhGroup the RFC 7919 group DHE suites use ({@code ffdhe2048}…), null for the library's choice
 * @param ocspStapling whether handshakes staple the certificate's OCSP response (nginx's {@code ssl_stapling},
 *     injected in Kong as {@code nginx_proxy_ssl_stapling}); see {@link OcspStapling}
 */
public record TlsPolicy(List<String> protocols, List<String> cipherSuites, boolean preferServerCiphers,
    boolean sessionTickets, Duration sessionTimeout, @Nullable String dhGroup, boolean ocspStapling) {

  /** The JDK refuses session lifetimes past a week (RFC 8446's ticket limit). */
  private static final Duration LONGEST_SESSION = Duration.ofDays(7);

  /** Kong's defaults: {@code ssl_cipher_suite = intermediate}, tickets on, sessions kept a day. */
  public static final TlsPolicy DEFAULT = kong(CipherSuiteLevel.INTERMEDIATE, null, "TLSv1.2 TLSv1.3", true, true,
      Duration.ofDays(1), null, w -> { });

  public TlsPolicy {
    protocols = List.copyOf(protocols);
    if (protocols.isEmpty()) throw new IllegalArgumentException("protocols: expected at least one");
    cipherSuites = List.copyOf(cipherSuites);
    Objects.requireNonNull(sessionTimeout, "sessionTimeout");
    if (sessionTimeout.isNegative()) throw new IllegalArgumentException("sessionTimeout: expected >= 0");
  }

  /**
   * Kong's resolution of the TLS settings: a named suite fixes protocols, ciphers, server order and
   * DH group and ignores {@code ssl_protocols}, {@code ssl_ciphers}, {@code ssl_prefer_server_ciphers}
   * (and {@code ssl_dhparam} unless {@code old}); {@code custom} reads them all.
   *
   * @param warnings told what the JDK cannot do as nginx would (unknown cipher names, SSLv3,
   *     protocols or suites the JVM's {@code jdk.tls.disabledAlgorithms} turns off)
   * @throws IllegalArgumentException with Kong's or nginx's wording for a value that cannot work
   */
  public static TlsPolicy kong(CipherSuiteLevel level, @Nullable String sslCiphers, String sslProtocols,
      boolean sslPreferServerCiphers, boolean sessionTickets, Duration sessionTimeout, @Nullable String sslDhparam,
      Consumer<String> warnings) {
    Objects.requireNonNull(level, "level");
    boolean custom = level == CipherSuiteLevel.CUSTOM;
    List<String> protocols = protocols(custom ? sslProtocols : Objects.requireNonNull(level.protocols()), warnings);
    List<String> suites = new ArrayList<>();
    String cipherList = custom ? sslCiphers : level.ciphers();
    if (cipherList != null && !cipherList.isBlank()) {
      List<String> tls12 = OpenSslCipherNames.toIana(cipherList,
          name -> warnings.accept("ssl_ciphers: '" + name + "' is not a cipher name Gatehouse knows; skipped"));
      if (tls12.isEmpty()) {
        // nginx fails the same way: SSL_CTX_set_cipher_list() ... no cipher match
        throw new IllegalArgumentException("ssl_ciphers: no cipher match in '" + cipherList + "'");
      }
      if (protocols.contains("TLSv1.3")) suites.addAll(OpenSslCipherNames.TLS13);
      suites.addAll(tls12);
    } else if (!custom) {
      suites.addAll(OpenSslCipherNames.TLS13); // modern: TLS 1.3 suites only
    }
    String dhGroup = level.readsDhparam() && sslDhparam != null ? DhParams.group(sslDhparam, warnings) : level.dhGroup();
    if (sessionTimeout.compareTo(LONGEST_SESSION) > 0) {
      warnings.accept("ssl_session_timeout " + sessionTimeout.toSeconds() + "s is longer than the 7 days TLS"
          + " allows a session; sessions are kept 7 days");
      sessionTimeout = LONGEST_SESSION;
    }
    warnDisabledByJvm(protocols, suites, warnings);
    return new TlsPolicy(protocols, suites, custom ? sslPreferServerCiphers : level.preferServerCiphers(),
        sessionTickets, sessionTimeout, dhGroup, false);
  }

  /** This policy, stapling OCSP responses or not. */
  public TlsPolicy withOcspStapling(boolean stapling) {
    return new TlsPolicy(protocols, cipherSuites, preferServerCiphers, sessionTickets, sessionTimeout, dhGroup, stapling);
  }

  /** nginx's {@code ssl_protocols} names (case ignored) to JDK names, newest first. */
  private static List<String> protocols(String text, Consumer<String> warnings) {
    Set<String> out = new LinkedHashSet<>();
    for (String name : text.trim().split("\\s+")) {
      if (name.isEmpty()) continue;
      switch (name.toLowerCase(Locale.ROOT)) {
        case "tlsv1.3" -> out.add("TLSv1.3");
        case "tlsv1.2" -> out.add("TLSv1.2");
        case "tlsv1.1" -> out.add("TLSv1.1");
        case "tlsv1" -> out.add("TLSv1");
        case "sslv2", "sslv3" -> warnings.accept("ssl_protocols: " + name + " is not offered (the JDK has no SSL)");
        default -> throw new IllegalArgumentException("invalid value \"" + name + "\" in \"ssl_protocols\" directive"
            + " (SSLv2, SSLv3, TLSv1, TLSv1.1, TLSv1.2, TLSv1.3)");
      }
    }
    if (out.isEmpty()) throw new IllegalArgumentException("ssl_protocols: no TLS protocol in '" + text + "'");
    List<String> sorted = new ArrayList<>(out);
    sorted.sort(java.util.Comparator.reverseOrder()); // TLSv1.3 > TLSv1.2 > TLSv1.1 > TLSv1
    return sorted;
  }

  /** The JVM's security policy removes some of what {@code old} lists; say so instead of silently differing. */
  private static void warnDisabledByJvm(List<String> protocols, List<String> suites, Consumer<String> warnings) {
    String property = Security.getProperty("jdk.tls.disabledAlgorithms");
    if (property == null) return;
    List<String> rules = new ArrayList<>();
    for (String rule : property.split(",")) {
      String r = rule.trim();
      if (!r.isEmpty() && !r.contains(" ")) rules.add(r); // "DH keySize < 1024" style constraints are not names
    }
    List<String> off = new ArrayList<>();
    for (String name : protocols) if (rules.contains(name)) off.add(name);
    for (String suite : suites) {
      for (String rule : rules) {
        boolean hit = rule.endsWith("*") ? suite.startsWith(rule.substring(0, rule.length() - 1))
            : suite.equals(rule) || suite.contains("_" + rule + "_") || suite.endsWith("_" + rule);
        if (hit) {
          off.add(suite);
          break;
        }
      }
    }
    if (!off.isEmpty()) {
      warnings.accept("the JVM's jdk.tls.disabledAlgorithms (java.security) turns off " + String.join(", ", off)
          + "; they are not offered unless that property allows them");
    }
  }
}
