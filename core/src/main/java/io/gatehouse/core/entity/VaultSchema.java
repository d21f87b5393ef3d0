package io.gatehouse.core.entity;

import static io.gatehouse.core.entity.Typedefs.*;

import io.gatehouse.core.schema.Field;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.core.vault.VaultBackend;
import io.gatehouse.core.vault.Vaults;

/**
 * Kong's {@code vaults} entity (reference §1.9, Kong 3.9 vaults.lua): a named configuration of a
 * vault kind, addressed by {@code prefix} in references ({@code {vault://<prefix>/…}}). The
 * {@code config} record is the kind's schema.
 */
public final class VaultSchema {
  private VaultSchema() {}

  public static Schema create(Vaults vaults) {
    return Schema.builder("vaults")
        .endpointKey("prefix")
        .fields(
            id(),
            Field.string("prefix").required().unique().check(v -> prefixError(v.asText(), vaults)),
            Field.string("name").required().check(v -> vaults.find(v.asText()).isPresent()
                ? null : "vault '" + v.asText() + "' is not installed"),
            Field.string("description"),
            Field.record("config"),
            createdAt(),
            updatedAt(),
            tags())
        .subschema("name", "config", name -> vaults.find(name).map(VaultBackend::config).orElse(null))
        .build();
  }

  /** Kong: {@code match = ^[a-z][a-z%d-]-[a-z%d]+$}, {@code not_one_of} the installed kinds. */
  private static String prefixError(String prefix, Vaults vaults) {
    if (!prefix.matches("^[a-z][a-z0-9-]*?[a-z0-9]+$")) {
      return "invalid value: " + prefix;
    }
    if (vaults.names().contains(prefix)) {
      return "must not be one of: " + String.join(", ", vaults.names());
    }
    return null;
  }
}
