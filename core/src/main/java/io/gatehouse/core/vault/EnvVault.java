package io.gatehouse.core.vault;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.Field;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Kong's {@code env} vault: {@code config.prefix} + resource, upper-cased with {@code -} as
 * {@code _}; version 2 reads {@code <NAME>_PREVIOUS}.
 */
public final class EnvVault implements VaultBackend {
  private final UnaryOperator<@Nullable String> env;

  public EnvVault(UnaryOperator<@Nullable String> env) {
    this.env = Objects.requireNonNull(env, "env");
  }

  @Override
  public String name() {
    return "env";
  }

  @Override
  public Field config() {
    Field[] ttl = TtlFields.all();
    return Field.record("config",
        Field.string("prefix").check(v -> v.asText().matches("^[A-Za-z_-][A-Za-z0-9_-]*$") ? null : "invalid value: " + v.asText()),
        ttl[0], ttl[1], ttl[2]);
  }

  @Override
  public @Nullable String get(ObjectNode config, String resource, int version) {
    String variable = variable(Json.text(config, "prefix"), resource, version);
    String value = env.apply(variable);
    if (value == null) {
      throw new VaultException(VaultException.Kind.UNRESOLVED, "environment variable '" + variable + "' is not set");
    }
    return value;
  }

  /** The environment variable a reference reads. */
  public static String variable(@Nullable String prefix, String resource, int version) {
    String name = (prefix == null ? "" : prefix) + resource;
    name = name.replace('-', '_').toUpperCase(Locale.ROOT);
    return version == 2 ? name + "_PREVIOUS" : name;
  }
}
