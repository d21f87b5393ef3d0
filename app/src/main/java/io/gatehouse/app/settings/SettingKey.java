package io.gatehouse.app.settings;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One known setting: its Kong name, how its value is read, its default ({@code null} for Kong's
 * {@code NONE}) and, when the value is a choice, the allowed values (compared without case).
 *
 * @param secret whether {@link Settings#redacted()} hides the value
 */
public record SettingKey(
    String name, SettingType type, @Nullable String defaultValue, List<String> oneOf, boolean secret) {

  public SettingKey {
    requireNonNull(name, "name");
    requireNonNull(type, "type");
    oneOf = List.copyOf(oneOf);
    if (!name.equals(name.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("name: " + name + " (expected: lower case)");
    }
  }

  /** Whether a setting with this name holds a secret: a password, a secret, a token or key material. */
  static boolean looksSecret(String name) {
    return io.gatehouse.core.vault.Redaction.looksSecret(name);
  }
}
