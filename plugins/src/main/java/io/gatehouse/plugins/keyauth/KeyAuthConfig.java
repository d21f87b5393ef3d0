package io.gatehouse.plugins.keyauth;

import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.HeaderName;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** key-auth's config (reference plugins §3, Config). */
public record KeyAuthConfig(
    @Default({"apikey"}) List<@HeaderName String> keyNames,
    @Default("false") boolean hideCredentials,
    @Nullable String anonymous,
    @Default("true") boolean keyInHeader,
    @Default("true") boolean keyInQuery,
    @Default("false") boolean keyInBody,
    @Default("true") boolean runOnPreflight,
    @Nullable String realm) {

  public KeyAuthConfig {
    keyNames = List.copyOf(keyNames);
  }
}
