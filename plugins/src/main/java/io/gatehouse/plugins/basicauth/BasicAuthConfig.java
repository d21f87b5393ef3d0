package io.gatehouse.plugins.basicauth;

import org.jspecify.annotations.Nullable;

/** basic-auth's config (reference plugins §4). */
public record BasicAuthConfig(@Nullable String anonymous, boolean hideCredentials, String realm) {}
