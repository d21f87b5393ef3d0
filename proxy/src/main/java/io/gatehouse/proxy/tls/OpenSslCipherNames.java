package io.gatehouse.proxy.tls;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * OpenSSL's cipher names (what {@code ssl_ciphers} and Kong's suite lists are written in) and the
 * IANA names the JDK uses, for every TLS 1.2-and-older suite a Kong list names plus the usual
 * extras. TLS 1.3 suites are not part of an OpenSSL cipher list: nginx always offers OpenSSL's
 * three defaults, {@link #TLS13}.
 */
final class OpenSslCipherNames {
  /** OpenSSL's default TLS 1.3 suites, which {@code ssl_ciphers} does not change. */
  static final List<String> TLS13 = List.of("TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
      "TLS_AES_128_GCM_SHA256");

  private static final Map<String, String> IANA = Map.ofEntries(
      Map.entry("ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
      Map.entry("ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
      Map.entry("ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
      Map.entry("ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
      Map.entry("ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
      Map.entry("ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
      Map.entry("DHE-RSA-AES128-GCM-SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"),
      Map.entry("DHE-RSA-AES256-GCM-SHA384", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"),
      Map.entry("DHE-RSA-CHACHA20-POLY1305", "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
      Map.entry("ECDHE-ECDSA-AES128-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"),
      Map.entry("ECDHE-RSA-AES128-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"),
      Map.entry("ECDHE-ECDSA-AES128-SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"),
      Map.entry("ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"),
      Map.entry("ECDHE-ECDSA-AES256-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"),
      Map.entry("ECDHE-RSA-AES256-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"),
      Map.entry("ECDHE-ECDSA-AES256-SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"),
      Map.entry("ECDHE-RSA-AES256-SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"),
      Map.entry("DHE-RSA-AES128-SHA256", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256"),
      Map.entry("DHE-RSA-AES256-SHA256", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256"),
      Map.entry("DHE-RSA-AES128-SHA", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA"),
      Map.entry("DHE-RSA-AES256-SHA", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA"),
      Map.entry("AES128-GCM-SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256"),
      Map.entry("AES256-GCM-SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384"),
      Map.entry("AES128-SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA256"),
      Map.entry("AES256-SHA256", "TLS_RSA_WITH_AES_256_CBC_SHA256"),
      Map.entry("AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA"),
      Map.entry("AES256-SHA", "TLS_RSA_WITH_AES_256_CBC_SHA"),
      Map.entry("DES-CBC3-SHA", "SSL_RSA_WITH_3DES_EDE_CBC_SHA"));

  private OpenSslCipherNames() {}

  /**
   * The IANA names of an OpenSSL cipher list ({@code :}, {@code ,} or space separated), in order.
   * Plain names are taken; {@code !name} and {@code -name} remove one; {@code @STRENGTH},
   * {@code @SECLEVEL=n} and the like are skipped. Names Gatehouse does not know and OpenSSL's
   * family keywords ({@code HIGH}, {@code aNULL}, {@code ECDHE+AESGCM}…) are reported to
   * {@code unknown} and skipped, as OpenSSL skips names it lacks.
   */
  static List<String> toIana(String list, Consumer<String> unknown) {
    Set<String> out = new LinkedHashSet<>();
    Set<String> removed = new LinkedHashSet<>();
    for (String token : list.split("[:,\\s]+")) {
      if (token.isEmpty() || token.startsWith("@")) continue;
      boolean remove = token.startsWith("!") || token.startsWith("-");
      String name = remove || token.startsWith("+") ? token.substring(1) : token;
      String iana = IANA.get(name);
      if (iana == null && IANA.containsValue(name)) iana = name; // IANA names are accepted as they are
      if (iana == null) {
        // removing what is not offered changes nothing (!aNULL, !MD5 of nginx's default list)
        if (!remove) unknown.accept(token);
      } else if (remove) {
        removed.add(iana);
      } else {
        out.add(iana);
      }
    }
    out.removeAll(removed);
    return List.copyOf(new ArrayList<>(out));
  }
}
