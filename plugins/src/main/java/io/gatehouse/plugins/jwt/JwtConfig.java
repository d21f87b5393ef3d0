package io.gatehouse.plugins.jwt;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** jwt's config (reference plugins §5, Config). */
public record JwtConfig(
    List<String> uriParamNames,
    List<String> cookieNames,
    List<String> headerNames,
    String keyClaimName,
    boolean secretIsBase64,
    @Nullable List<String> claimsToVerify,
    @Nullable String anonymous,
    boolean runOnPreflight,
    double maximumExpiration,
    @Nullable String realm) {

  public JwtConfig {
    uriParamNames = uriParamNames == null ? List.of() : List.copyOf(uriParamNames);
    cookieNames = cookieNames == null ? List.of() : List.copyOf(cookieNames);
    headerNames = headerNames == null ? List.of() : List.copyOf(headerNames);
    claimsToVerify = claimsToVerify == null ? List.of() : List.copyOf(claimsToVerify);
  }
}
