package io.gatehouse.sdk;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One of Kong's shorthand fields of a plugin config that only renames a field
 * ({@link PreparedPlugin#configAliases()}): input under the alias is written to {@code target}.
 * {@code GET /schemas/plugins/{name}} lists it under the config's {@code shorthand_fields}, described
 * as its target plus this deprecation notice, as Kong does.
 *
 * @param target the config field the alias writes
 * @param deprecation Kong's {@code deprecation.message}, or null when the alias is not deprecated
 * @param removalInVersion Kong's {@code deprecation.removal_in_version}, or null
 */
public record ConfigAlias(String target, @Nullable String deprecation, @Nullable String removalInVersion) {
  public ConfigAlias {
    Objects.requireNonNull(target, "target");
  }

  /** A deprecated alias of {@code target}, to be removed in {@code removalInVersion}. */
  public static ConfigAlias deprecated(String target, String message, String removalInVersion) {
    return new ConfigAlias(target, Objects.requireNonNull(message, "message"),
        Objects.requireNonNull(removalInVersion, "removalInVersion"));
  }
}
