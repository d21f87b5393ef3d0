package io.gatehouse.plugins.keyauth;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** key-auth's config (reference plugins §3, Config). */
public record KeyAuthConfig(
    List<String> keyNames,
    boolean hideCredentials,
    @Nullable String anonymous,
    boolean keyInHeader,
    boolean keyInQuery,
    boolean keyInBody,
    boolean runOnPreflight,
    @Nullable String realm) {

  public KeyAuthConfig {
    keyNames = List.copyOf(keyNames);
  }
}
