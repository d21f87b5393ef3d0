package io.gatehouse.plugins.ldapauth;

import io.gatehouse.sdk.Between;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.Host;
import org.jspecify.annotations.Nullable;

/**
 * ldap-auth's config, Kong 3.9's fields and defaults (kong/plugins/ldap-auth/schema.lua).
 * {@code timeout}, {@code keepalive} and {@code header_type} are not required in Kong's schema; an
 * explicit null means the default.
 */
public record LdapAuthConfig(@Host String ldapHost,
    @Default("389") @Between(min = 0, max = 65535) int ldapPort,
    @Default("false") boolean ldaps,
    @Default("false") boolean startTls,
    @Default("false") boolean verifyLdapHost,
    String baseDn,
    String attribute,
    @Default("60") double cacheTtl,
    @Default("false") boolean hideCredentials,
    @Default("10000") @Nullable Double timeout,
    @Default("60000") @Nullable Double keepalive,
    @Nullable String anonymous,
    @Default("ldap") @Nullable String headerType,
    @Nullable String realm) {

  public LdapAuthConfig {
    timeout = timeout == null ? 10000d : timeout;
    keepalive = keepalive == null ? 60000d : keepalive;
    headerType = headerType == null ? "ldap" : headerType;
  }

  /** The scheme of {@code WWW-Authenticate}: {@code LDAP} for the default type (Kong PR #3656), else the type as written. */
  String challenge() {
    String scheme = "ldap".equals(headerType) ? "LDAP" : headerType;
    return realm == null ? scheme : scheme + " realm=\"" + realm + "\"";
  }
}
