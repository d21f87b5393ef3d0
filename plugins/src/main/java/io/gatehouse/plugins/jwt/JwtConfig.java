package io.gatehouse.plugins.jwt;

import io.gatehouse.sdk.Between;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.Description;
import io.gatehouse.sdk.OneOf;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * jwt's config (reference plugins §5, Config); sets keep the order they were written in.
 * {@code key_sets} is Gatehouse's addition (Kong's name, as in its jwe-decrypt plugin): unset, jwt
 * is Kong 3.9's.
 */
public record JwtConfig(
    @Default({"jwt"}) @Nullable Set<String> uriParamNames,
    @Default({}) @Nullable Set<String> cookieNames,
    @Default({"authorization"}) @Nullable Set<String> headerNames,
    @Default("iss") @Nullable String keyClaimName,
    @Default("false") boolean secretIsBase64,
    @Nullable Set<@OneOf({"exp", "nbf"}) String> claimsToVerify,
    @Nullable String anonymous,
    @Default("true") boolean runOnPreflight,
    @Default("0") @Between(min = 0, max = 31536000) @Nullable Double maximumExpiration,
    @Nullable String realm,
    @Description("Names or ids of key sets whose keys verify tokens that no jwt_secret matches: the key whose kid"
        + " is the token's kid header (Gatehouse addition; unset: Kong's behaviour)") @Nullable Set<String> keySets) {

  public JwtConfig {
    uriParamNames = uriParamNames == null ? Set.of() : uriParamNames;
    cookieNames = cookieNames == null ? Set.of() : cookieNames;
    headerNames = headerNames == null ? Set.of() : headerNames;
    claimsToVerify = claimsToVerify == null ? Set.of() : claimsToVerify;
    maximumExpiration = maximumExpiration == null ? 0 : maximumExpiration;
    keySets = keySets == null ? Set.of() : keySets;
  }
}
