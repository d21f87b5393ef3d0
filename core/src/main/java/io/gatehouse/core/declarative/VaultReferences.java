package io.gatehouse.core.declarative;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.vault.VaultException;
import io.gatehouse.core.vault.Vaults;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Secret references in string values, {@code {vault://<kind-or-prefix>/<resource>[/<key>]}}:
 * through a vault kind by name ({@code env}: Kong's env vault) or through a configured
 * {@code vaults} entity by its prefix. Checked when a file loads, so a bad reference is rejected
 * with the field named; resolved only on the copy the runtime builds its snapshot from, so the
 * store, exports and the Admin API keep the reference and never the secret.
 */
public final class VaultReferences {
  private final Vaults vaults;

  /** The bundled vault kinds, the env vault reading {@code env} ({@code System::getenv} in production). */
  public VaultReferences(UnaryOperator<@Nullable String> env) {
    this(Vaults.bundled(env));
  }

  public VaultReferences(Vaults vaults) {
    this.vaults = Objects.requireNonNull(vaults, "vaults");
  }

  public static VaultReferences systemEnv() {
    return new VaultReferences(System::getenv);
  }

  public Vaults vaults() {
    return vaults;
  }

  public static boolean isReference(JsonNode v) {
    return v.isTextual() && v.asText().startsWith("{vault://");
  }

  /**
   * Errors for the references in {@code entity} (a tree by field, like a schema violation), or null.
   *
   * @param vaultEntities the configuration's {@code vaults} rows, for references by prefix
   */
  public @Nullable ObjectNode errors(ObjectNode entity, List<ObjectNode> vaultEntities) {
    return errors(entity, vaults.resolver(vaultEntities));
  }

  private @Nullable ObjectNode errors(ObjectNode entity, Vaults.Resolver resolver) {
    ObjectNode errors = Json.object();
    for (Iterator<Map.Entry<String, JsonNode>> it = entity.fields(); it.hasNext(); ) {
      var f = it.next();
      JsonNode err = check(f.getValue(), resolver);
      if (err != null) {
        errors.set(f.getKey(), err);
      }
    }
    return errors.isEmpty() ? null : errors;
  }

  private @Nullable JsonNode check(JsonNode v, Vaults.Resolver resolver) {
    if (isReference(v)) {
      try {
        resolver.resolve(v.asText());
        return null;
      } catch (VaultException e) {
        return Json.NODES.textNode(describe(v.asText(), e));
      }
    }
    if (v.isObject()) {
      return errors((ObjectNode) v, resolver);
    }
    if (v.isArray()) {
      for (JsonNode x : v) {
        JsonNode err = check(x, resolver);
        if (err != null) {
          return err;
        }
      }
    }
    return null;
  }

  private static String describe(String ref, VaultException e) {
    return (e.kind() == VaultException.Kind.INVALID ? "invalid vault reference '" : "could not resolve vault reference '")
        + ref + "': " + e.getMessage();
  }

  /**
   * The tables with every reference replaced by its secret; entities without references are shared,
   * not copied. References by prefix go through the tables' own {@code vaults}. An unresolvable
   * reference is an {@link IllegalStateException} (the build fails and the previous snapshot keeps
   * serving).
   */
  public Map<String, List<ObjectNode>> resolve(Map<String, List<ObjectNode>> tables) {
    Vaults.Resolver resolver = vaults.resolver(tables.getOrDefault("vaults", List.of()));
    Map<String, List<ObjectNode>> out = new LinkedHashMap<>();
    tables.forEach((table, rows) -> out.put(table, rows.stream()
        .map(e -> contains(e) ? (ObjectNode) resolved(e.deepCopy(), resolver) : e).toList()));
    return out;
  }

  private static boolean contains(JsonNode v) {
    if (isReference(v)) {
      return true;
    }
    if (v.isContainerNode()) {
      for (JsonNode x : v) {
        if (contains(x)) {
          return true;
        }
      }
    }
    return false;
  }

  private JsonNode resolved(JsonNode v, Vaults.Resolver resolver) {
    if (isReference(v)) {
      try {
        return Json.NODES.textNode(resolver.resolve(v.asText()));
      } catch (VaultException e) {
        throw new IllegalStateException(describe(v.asText(), e));
      }
    }
    if (v instanceof ObjectNode o) {
      o.fields().forEachRemaining(f -> f.setValue(resolved(f.getValue(), resolver)));
    } else if (v instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        a.set(i, resolved(a.get(i), resolver));
      }
    }
    return v;
  }
}
