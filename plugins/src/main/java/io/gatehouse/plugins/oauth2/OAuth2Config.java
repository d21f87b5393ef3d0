package io.gatehouse.plugins.oauth2;

import io.gatehouse.sdk.Auto;
import io.gatehouse.sdk.Between;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.OneOf;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * oauth2's config: Kong 3.9's fields and defaults ({@code kong/plugins/oauth2/schema.lua}).
 * {@code provision_key} is generated when absent, as Kong's {@code auto = true} does.
 */
public record OAuth2Config(
    @Nullable List<String> scopes,
    @Default("false") boolean mandatoryScope,
    @Auto @Nullable String provisionKey,
    @Default("7200") double tokenExpiration,
    @Default("false") boolean enableAuthorizationCode,
    @Default("false") boolean enableImplicitGrant,
    @Default("false") boolean enableClientCredentials,
    @Default("false") boolean enablePasswordGrant,
    @Default("false") boolean hideCredentials,
    @Default("false") boolean acceptHttpIfAlreadyTerminated,
    @Nullable String anonymous,
    @Default("false") boolean globalCredentials,
    @Default("authorization") String authHeaderName,
    @Default("1209600") @Between(min = 0, max = 100000000) int refreshTokenTtl,
    @Default("false") boolean reuseRefreshToken,
    @Default("lax") @OneOf({"none", "lax", "strict"}) @Nullable String pkce,
    @Nullable String realm) {}
