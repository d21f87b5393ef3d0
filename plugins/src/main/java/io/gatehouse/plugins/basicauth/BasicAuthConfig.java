package io.gatehouse.plugins.basicauth;

import io.gatehouse.sdk.Default;
import org.jspecify.annotations.Nullable;

/** basic-auth's config (reference plugins §4). */
public record BasicAuthConfig(@Nullable String anonymous, @Default("false") boolean hideCredentials,
    @Default("service") String realm) {}
