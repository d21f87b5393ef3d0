package io.gatehouse.plugins.mtlsauth;

import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.Entity;
import io.gatehouse.sdk.Foreign;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.PreparedPlugin;
import io.gatehouse.sdk.Scope;
import io.gatehouse.sdk.Snapshot;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * mtls-auth (Kong Enterprise's, open here): priority 1600, access only, cannot be scoped to a
 * consumer. While an instance is enabled, TLS listeners ask every client for a certificate, naming
 * the CAs of the instances with {@code send_ca_dn}.
 */
@PluginInfo(name = "mtls-auth", priority = 1600, forbiddenScopes = Scope.CONSUMER)
public final class MtlsAuthPlugin implements PreparedPlugin<MtlsAuthConfig, MtlsAuthHandler.Prepared> {

  /** A certificate subject mapped to a consumer: {@code /mtls-auths}, {@code /consumers/{c}/mtls-auth}. */
  @Entity(table = "mtls_auth_credentials", adminApiName = "mtls-auths", nestedName = "mtls-auth")
  public record MtlsAuthCredential(String subjectName, @Foreign("ca_certificates") @Nullable String caCertificate) {}

  @Override
  public List<Class<? extends Record>> entities() {
    return List.of(MtlsAuthCredential.class);
  }

  @Override
  public boolean asksClientCertificate() {
    return true;
  }

  /** {@code send_ca_dn}: handshakes name this instance's CAs as acceptable issuers. */
  @Override
  public List<X509Certificate> clientCertificateAuthorities(MtlsAuthHandler.Prepared prepared) {
    return prepared.config().sendCaDn() ? prepared.trust().certificates() : List.of();
  }

  @Override
  public MtlsAuthHandler.Prepared prepare(MtlsAuthConfig config, Snapshot snapshot) {
    return MtlsAuthHandler.Prepared.of(config, snapshot);
  }

  @Override
  public @Nullable CompletionStage<?> accessAsync(AccessPhase ctx, MtlsAuthHandler.Prepared prepared) {
    return MtlsAuthHandler.accessAsync(ctx, prepared);
  }

  @Override
  public void resume(AccessPhase ctx, MtlsAuthHandler.Prepared prepared, @Nullable Object result) {
    MtlsAuthHandler.resume(ctx, prepared, result);
  }
}
