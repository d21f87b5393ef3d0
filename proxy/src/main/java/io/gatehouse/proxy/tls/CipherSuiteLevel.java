package io.gatehouse.proxy.tls;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Kong's {@code ssl_cipher_suite} values (Kong 3.9's {@code conf_loader/constants.lua}, after
 * Mozilla's Server Side TLS 5.7): each fixes the protocols, the TLS 1.2 cipher list, whether the
 * server's order wins and the DH group; {@link #CUSTOM} takes them from {@code ssl_protocols},
 * {@code ssl_ciphers}, {@code ssl_prefer_server_ciphers} and {@code ssl_dhparam}.
 */
public enum CipherSuiteLevel {
  /** TLS 1.3 only; every TLS 1.3 suite is safe, so the client chooses. */
  MODERN("TLSv1.3", "", false, null),
  /** Kong's default: TLS 1.2 and 1.3, forward-secret AEAD suites only (no CBC, no SHA-1), ffdhe2048. */
  INTERMEDIATE("TLSv1.2 TLSv1.3", Lists.INTERMEDIATE, false, "ffdhe2048"),
  /** Back to TLS 1.0 with CBC, static-RSA and 3DES suites, server order; {@code ssl_dhparam} applies. */
  OLD("TLSv1 TLSv1.1 TLSv1.2 TLSv1.3", Lists.INTERMEDIATE + ":" + Lists.OLD_EXTRA, true, null),
  /** TLS 1.2 with FIPS-approved suites; Kong's {@code TLSv1.2+FIPS:kRSA+FIPS:!eNULL:!aNULL}, spelled out. */
  FIPS("TLSv1.2", Lists.FIPS, true, null),
  /** Everything from the individual settings. */
  CUSTOM(null, null, false, null);

  private final @Nullable String protocols;
  private final @Nullable String ciphers;
  private final boolean preferServerCiphers;
  private final @Nullable String dhGroup;

  CipherSuiteLevel(@Nullable String protocols, @Nullable String ciphers, boolean preferServerCiphers,
      @Nullable String dhGroup) {
    this.protocols = protocols;
    this.ciphers = ciphers;
    this.preferServerCiphers = preferServerCiphers;
    this.dhGroup = dhGroup;
  }

  /**
   * The level named {@code name} as kong.conf writes it ({@code intermediate}).
   *
   * @throws IllegalArgumentException with Kong's message, {@code Undefined cipher suite <name>}
   */
  public static CipherSuiteLevel of(String name) {
    for (CipherSuiteLevel level : values()) {
      if (level.kongName().equals(name)) return level;
    }
    throw new IllegalArgumentException("Undefined cipher suite " + name);
  }

  /** The kong.conf spelling. */
  public String kongName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** nginx's {@code ssl_protocols} of this level; null for {@link #CUSTOM}. */
  @Nullable String protocols() {
    return protocols;
  }

  /** The OpenSSL cipher list of this level ({@code ""}: TLS 1.3 suites only); null for {@link #CUSTOM}. */
  @Nullable String ciphers() {
    return ciphers;
  }

  boolean preferServerCiphers() {
    return preferServerCiphers;
  }

  /** The DH group Kong forces ({@code ffdhe2048} for intermediate), else null. */
  @Nullable String dhGroup() {
    return dhGroup;
  }

  /** Whether {@code ssl_dhparam} is read at this level (Kong: only {@code old} and {@code custom}). */
  boolean readsDhparam() {
    return this == OLD || this == CUSTOM;
  }

  private static final class Lists {
    static final String INTERMEDIATE = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
        + "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
        + "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
        + "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305";
    static final String OLD_EXTRA = "ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256:"
        + "ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384:"
        + "ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA:DHE-RSA-AES128-SHA256:DHE-RSA-AES256-SHA256:"
        + "AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA256:AES256-SHA256:AES128-SHA:AES256-SHA:DES-CBC3-SHA";
    /** The TLS 1.2 AES suites (FIPS-approved) with ECDHE, DHE or RSA key exchange. */
    static final String FIPS = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
        + "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
        + "ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384:"
        + "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES128-SHA256:DHE-RSA-AES256-SHA256:"
        + "AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA256:AES256-SHA256:AES128-SHA:AES256-SHA";
  }
}
