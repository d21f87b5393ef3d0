package io.gatehouse.plugins.ldapauth;

import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.EntityChecks;
import io.gatehouse.sdk.NodeServices;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.PreparedPlugin;
import io.gatehouse.sdk.Scope;
import io.gatehouse.sdk.Snapshot;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletionStage;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;

/** ldap-auth: priority 1200, access only (binds wait off the event loop), cannot be scoped to a consumer. */
@PluginInfo(name = "ldap-auth", priority = 1200, forbiddenScopes = Scope.CONSUMER)
public final class LdapAuthPlugin implements PreparedPlugin<LdapAuthConfig, LdapAuthHandler.Prepared> {
  private final SSLSocketFactory trustingAll = LdapTls.trustingAll();
  private volatile @Nullable List<X509Certificate> trusted; // null: the JDK's trust store
  private volatile @Nullable SSLSocketFactory verifying;

  /** {@code verify_ldap_host} trusts Kong's {@code lua_ssl_trusted_certificate}: PEM files and/or {@code system}. */
  @Override
  public void start(NodeServices services) {
    services.setting("lua_ssl_trusted_certificate").ifPresent(v -> trusted = LdapTls.trustedCertificates(v));
  }

  @Override
  public EntityChecks checks(Class<? extends Record> type) {
    if (type != LdapAuthConfig.class) {
      return EntityChecks.NONE;
    }
    // Kong's conditional with then_err: the field message on start_tls and then_err on the entity
    return EntityChecks.NONE.reporting(List.of("ldaps", "start_tls"), (values, report) -> {
      if (Boolean.TRUE.equals(values.get("ldaps")) && Boolean.TRUE.equals(values.get("start_tls"))) {
        report.field("start_tls", "value must be false");
        report.entity("'ldaps' and 'start_tls' cannot be enabled simultaneously");
      }
    });
  }

  @Override
  public LdapAuthHandler.Prepared prepare(LdapAuthConfig config, Snapshot snapshot) {
    return LdapAuthHandler.Prepared.of(config, snapshot, config.verifyLdapHost() ? verifying() : trustingAll);
  }

  /** Built on first use: loading the JDK's trust store takes a while. */
  private SSLSocketFactory verifying() {
    SSLSocketFactory v = verifying;
    if (v == null) {
      v = verifying = LdapTls.verifying(trusted);
    }
    return v;
  }

  /** The verdicts under Kong's {@code ldap_auth_cache:<sha256>} keys, for {@code GET/DELETE /cache/{key}}. */
  @Override
  public io.gatehouse.sdk.CachedEntries cachedEntries() {
    return LdapBinds.ENTRIES;
  }

  @Override
  public @Nullable CompletionStage<?> accessAsync(AccessPhase ctx, LdapAuthHandler.Prepared prepared) {
    return LdapAuthHandler.accessAsync(ctx, prepared);
  }

  @Override
  public void resume(AccessPhase ctx, LdapAuthHandler.Prepared prepared, @Nullable Object result) {
    LdapAuthHandler.resume(ctx, prepared, result);
  }
}
