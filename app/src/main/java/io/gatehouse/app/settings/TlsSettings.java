package io.gatehouse.app.settings;

import io.gatehouse.proxy.tls.CipherSuiteLevel;
import io.gatehouse.proxy.tls.OcspStapling;
import io.gatehouse.proxy.tls.TlsPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * kong.conf's TLS policy keys ({@code ssl_cipher_suite}, {@code ssl_ciphers}, {@code ssl_protocols},
 * {@code ssl_prefer_server_ciphers}, {@code ssl_session_tickets}, {@code ssl_session_timeout},
 * {@code ssl_dhparam}) as one {@link TlsPolicy} for every TLS listener: checked when settings load,
 * so a bad value stops the node with Kong's message before anything listens.
 */
public final class TlsSettings {
  private TlsSettings() {}

  /** The policy of loaded settings (their values were checked at load, so this does not fail). */
  public static TlsPolicy policy(Settings s) {
    return policy(s.typedValues(), w -> { });
  }

  /**
   * The proxy listeners' policy: the node's, stapling OCSP responses when the injected
   * {@code nginx_proxy_ssl_stapling} (else {@code nginx_http_ssl_stapling}) is on, from
   * {@code ..._ssl_stapling_responder} when set instead of the certificates' AIA.
   */
  public static TlsPolicy proxyPolicy(Settings s) {
    Boolean stapling = s.bool("nginx_proxy_ssl_stapling");
    if (stapling == null) stapling = s.bool("nginx_http_ssl_stapling");
    if (!Boolean.TRUE.equals(stapling)) return policy(s);
    String responder = s.string("nginx_proxy_ssl_stapling_responder");
    if (responder == null) responder = s.string("nginx_http_ssl_stapling_responder");
    OcspStapling.configure(responder);
    return policy(s).withOcspStapling(true);
  }

  static void check(Map<String, @Nullable Object> typed, List<String> errors, List<String> warnings) {
    try {
      policy(typed, warnings::add);
    } catch (IllegalArgumentException e) {
      errors.add(e.getMessage());
    }
  }

  private static TlsPolicy policy(Map<String, @Nullable Object> typed, Consumer<String> warnings) {
    return TlsPolicy.kong(
        CipherSuiteLevel.of(String.valueOf(typed.get("ssl_cipher_suite"))),
        (String) typed.get("ssl_ciphers"),
        typed.get("ssl_protocols") instanceof String p ? p : "TLSv1.2 TLSv1.3", // NONE: nginx's default
        !Boolean.FALSE.equals(typed.get("ssl_prefer_server_ciphers")),
        !Boolean.FALSE.equals(typed.get("ssl_session_tickets")),
        typed.get("ssl_session_timeout") instanceof Duration d ? d : Duration.ofDays(1),
        (String) typed.get("ssl_dhparam"),
        warnings);
  }
}
