package io.gatehouse.plugins.mtlsauth;

import io.gatehouse.sdk.Between;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.Description;
import io.gatehouse.sdk.Host;
import io.gatehouse.sdk.OneOf;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * mtls-auth's config: the fields of Kong Enterprise 3.9's plugin (its public schema). CA
 * certificates are ids of {@code ca_certificates} entities.
 */
public record MtlsAuthConfig(
    @Nullable String anonymous,
    @Default({"username", "custom_id"}) List<@OneOf({"username", "custom_id"}) String> consumerBy,
    List<String> caCertificates,
    @Default("60") double cacheTtl,
    @Default("false") boolean skipConsumerLookup,
    @Default("false") boolean allowPartialChain,
    @Default("CN") @OneOf({"CN", "DN"}) @Nullable String authenticatedGroupBy,
    @Default("IGNORE_CA_ERROR") @OneOf({"SKIP", "IGNORE_CA_ERROR", "STRICT"}) String revocationCheckMode,
    @Default("30000") double httpTimeout,
    @Default("60000") double certCacheTtl,
    @Description("The TLS CertificateRequest names this instance's CA certificates as acceptable issuers; the names"
        + " of every enabled instance with it go into every handshake") @Default("false") boolean sendCaDn,
    @Nullable String defaultConsumer,
    @Host @Nullable String httpProxyHost,
    @Between(min = 0, max = 65535) @Nullable Integer httpProxyPort,
    @Host @Nullable String httpsProxyHost,
    @Between(min = 0, max = 65535) @Nullable Integer httpsProxyPort) {

  /** How revocation is checked. */
  enum Revocation { SKIP, IGNORE_CA_ERROR, STRICT }

  Revocation revocation() {
    return Revocation.valueOf(revocationCheckMode);
  }
}
