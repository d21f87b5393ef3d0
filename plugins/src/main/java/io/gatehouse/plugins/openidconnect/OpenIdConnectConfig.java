package io.gatehouse.plugins.openidconnect;

import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.OneOf;
import io.gatehouse.sdk.Referenceable;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * openid-connect's config: the fields of Kong Enterprise's plugin that Gatehouse implements, with
 * Kong's names and defaults (docs/plugins.md lists what is left out). Times are seconds except
 * {@code timeout} (milliseconds), as in Kong.
 */
public record OpenIdConnectConfig(
    @Referenceable String issuer,
    @Nullable List<String> discoveryHeadersNames,
    @Nullable List<String> discoveryHeadersValues,
    @Nullable Set<String> extraJwksUris,
    @Default("30") double rediscoveryLifetime,
    @Default({"password", "client_credentials", "authorization_code", "bearer", "introspection", "userinfo",
        "kong_oauth2", "refresh_token", "session"})
    List<@OneOf({"password", "client_credentials", "authorization_code", "bearer", "introspection", "userinfo",
        "kong_oauth2", "refresh_token", "session"}) String> authMethods,
    @Nullable List<@Referenceable String> clientId,
    @Nullable List<@Referenceable String> clientSecret,
    @Nullable List<@OneOf({"client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt",
        "tls_client_auth", "self_signed_tls_client_auth", "none"}) String> clientAuth,
    @Nullable @OneOf({"client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt",
        "tls_client_auth", "self_signed_tls_client_auth", "none"}) String tokenEndpointAuthMethod,
    @Nullable @OneOf({"client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt",
        "tls_client_auth", "self_signed_tls_client_auth", "none"}) String introspectionEndpointAuthMethod,
    @Nullable List<String> redirectUri,
    @Default({"openid"}) List<@Referenceable String> scopes,
    @Nullable List<String> audience,
    @Default({"aud"}) List<String> audienceClaim,
    @Nullable List<String> audienceRequired,
    @Default({"scope"}) List<String> scopesClaim,
    @Nullable List<String> scopesRequired,
    @Default({"groups"}) List<String> groupsClaim,
    @Nullable List<String> groupsRequired,
    @Default({"roles"}) List<String> rolesClaim,
    @Nullable List<String> rolesRequired,
    @Nullable List<String> claimsForbidden,
    @Nullable List<String> issuersAllowed,
    @Nullable List<String> consumerClaim,
    @Default({"username", "custom_id"}) List<@OneOf({"id", "username", "custom_id"}) String> consumerBy,
    @Default("false") boolean consumerOptional,
    @Default({"sub"}) List<String> credentialClaim,
    @Nullable List<String> authenticatedGroupsClaim,
    @Nullable String anonymous,
    @Nullable List<String> upstreamHeadersClaims,
    @Nullable List<String> upstreamHeadersNames,
    @Default("authorization:bearer") @Nullable String upstreamAccessTokenHeader,
    @Nullable String upstreamIdTokenHeader,
    @Nullable String upstreamRefreshTokenHeader,
    @Nullable String upstreamIntrospectionHeader,
    @Default({"header", "query", "body"}) List<@OneOf({"header", "cookie", "query", "body"}) String> bearerTokenParamType,
    @Nullable String bearerTokenCookieName,
    @Default({"header", "query", "body"}) List<@OneOf({"header", "query", "body"}) String> clientCredentialsParamType,
    @Default({"header", "query", "body"}) List<@OneOf({"header", "query", "body"}) String> passwordParamType,
    @Nullable String introspectionEndpoint,
    @Default("access_token") String introspectionHint,
    @Default("true") boolean introspectionCheckActive,
    @Default("false") boolean introspectJwtTokens,
    @Default("true") boolean cacheIntrospection,
    @Nullable String tokenEndpoint,
    @Nullable String authorizationEndpoint,
    @Default("true") boolean cacheTokens,
    @Default("3600") double cacheTtl,
    @Default("0") double leeway,
    @Default("true") boolean verifySignature,
    @Default("true") boolean verifyClaims,
    @Default("true") boolean verifyNonce,
    @Nullable Boolean requireProofKeyForCodeExchange,
    @Default("query") @OneOf({"query", "form_post", "fragment", "query.jwt", "form_post.jwt", "fragment.jwt", "jwt"})
    String responseMode,
    @Default({"code"}) List<String> responseType,
    @Default("true") boolean refreshTokens,
    @Default("false") boolean preserveQueryArgs,
    @Referenceable @Nullable String sessionSecret,
    @Default("session") String sessionCookieName,
    @Default("/") String sessionCookiePath,
    @Nullable String sessionCookieDomain,
    @Default("Lax") @OneOf({"Strict", "Lax", "None", "Default"}) String sessionCookieSameSite,
    @Default("true") boolean sessionCookieHttpOnly,
    @Nullable Boolean sessionCookieSecure,
    @Default("900") double sessionIdlingTimeout,
    @Default("3600") double sessionRollingTimeout,
    @Default("86400") double sessionAbsoluteTimeout,
    @Default("default") String sessionAudience,
    @Default("authorization") String authorizationCookieName,
    @Default("/") String authorizationCookiePath,
    @Nullable String authorizationCookieDomain,
    @Default("Default") @OneOf({"Strict", "Lax", "None", "Default"}) String authorizationCookieSameSite,
    @Default("true") boolean authorizationCookieHttpOnly,
    @Nullable Boolean authorizationCookieSecure,
    @Default("600") double authorizationRollingTimeout,
    @Nullable String logoutUriSuffix,
    @Nullable String logoutQueryArg,
    @Nullable String logoutPostArg,
    @Default({"POST", "DELETE"}) List<@OneOf({"POST", "GET", "DELETE"}) String> logoutMethods,
    @Nullable List<String> logoutRedirectUri,
    @Default("true") boolean unauthorizedDestroySession,
    @Default("Unauthorized") String unauthorizedErrorMessage,
    @Default("Forbidden") String forbiddenErrorMessage,
    @Default("false") boolean displayErrors,
    @Default("false") boolean hideCredentials,
    @Default("10000") double timeout,
    @Default("true") boolean sslVerify,
    @Default("true") boolean runOnPreflight) {

  /** The auth methods, as Kong names them. */
  boolean enabled(String method) {
    return authMethods.contains(method);
  }

  @Nullable String firstClientId() {
    return clientId == null || clientId.isEmpty() ? null : clientId.getFirst();
  }

  @Nullable String firstClientSecret() {
    return clientSecret == null || clientSecret.isEmpty() ? null : clientSecret.getFirst();
  }
}
