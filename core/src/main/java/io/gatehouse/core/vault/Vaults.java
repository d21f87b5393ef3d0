package io.gatehouse.core.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.Field;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The installed vault kinds, by name ({@code env}, {@code file}); a duplicate name is refused.
 * {@link #resolver} binds them to the vault entities of one configuration.
 */
public final class Vaults {
  private final Map<String, VaultBackend> backends = new LinkedHashMap<>();
  private final SecretCache cache;

  /** Vaults whose secrets are cached by the system clock. */
  public Vaults() {
    this(new SecretCache(System::currentTimeMillis));
  }

  /** Vaults caching their secrets in {@code cache} (its clock decides the rotation fields). */
  public Vaults(SecretCache cache) {
    this.cache = java.util.Objects.requireNonNull(cache, "cache");
  }

  /** The secrets read so far, kept by each vault's {@code ttl}, {@code neg_ttl} and {@code resurrect_ttl}. */
  public SecretCache cache() {
    return cache;
  }

  public Vaults add(VaultBackend backend) {
    if (backends.putIfAbsent(backend.name(), backend) != null) {
      throw new IllegalArgumentException("vault '" + backend.name() + "' is installed twice");
    }
    return this;
  }

  /** The bundled kinds: Kong's {@code env} (reading {@code env}), Gatehouse's {@code file} and {@code hcv}. */
  public static Vaults bundled(UnaryOperator<@Nullable String> env) {
    return bundled(env, new Vaults());
  }

  /** As {@link #bundled(UnaryOperator)}, into {@code vaults} (e.g. with a test clock). */
  public static Vaults bundled(UnaryOperator<@Nullable String> env, Vaults vaults) {
    return vaults.add(new EnvVault(env)).add(new FileVault()).add(new HcvVault());
  }

  /**
   * The kinds Kong's {@code vaults} setting names: {@code bundled} stands for every bundled kind, {@code off}
   * (alone) for none; any other name must be a bundled kind, else the node must not start.
   */
  public static Vaults enabled(List<String> names, UnaryOperator<@Nullable String> env) {
    Vaults all = bundled(env);
    Vaults chosen = new Vaults(all.cache);
    if (names.equals(List.of("off"))) {
      return chosen;
    }
    for (String name : names) {
      if (name.equals("bundled")) {
        all.backends.values().stream().filter(b -> !chosen.backends.containsKey(b.name())).forEach(chosen::add);
      } else if (!chosen.backends.containsKey(name)) {
        chosen.add(all.find(name).orElseThrow(() -> new IllegalArgumentException(
            "vaults: '" + name + "' is not a vault of this build (" + String.join(", ", all.names()) + ")")));
      }
    }
    return chosen;
  }

  public Optional<VaultBackend> find(String name) {
    return Optional.ofNullable(backends.get(name));
  }

  public List<String> names() {
    return List.copyOf(backends.keySet());
  }

  /** A resolver over {@code vaultEntities} (validated {@code vaults} rows, looked up by prefix). */
  public Resolver resolver(List<ObjectNode> vaultEntities) {
    Map<String, ObjectNode> byPrefix = new LinkedHashMap<>();
    for (ObjectNode v : vaultEntities) {
      String prefix = Json.text(v, "prefix");
      if (prefix != null) {
        byPrefix.put(prefix, v);
      }
    }
    return new Resolver(byPrefix);
  }

  /** Resolves references of one configuration. */
  public final class Resolver {
    private final Map<String, ObjectNode> byPrefix;

    private Resolver(Map<String, ObjectNode> byPrefix) {
      this.byPrefix = byPrefix;
    }

    /** The secret {@code reference} names; {@link VaultException} when there is none. */
    public String resolve(String reference) {
      VaultReference ref = VaultReference.parse(reference);
      VaultBackend backend;
      ObjectNode config;
      // Kong: a vault kind's name wins over a prefix (prefixes may not equal kind names anyway)
      if (backends.containsKey(ref.name())) {
        backend = backends.get(ref.name());
        config = withDefaults(backend.config(), Json.object());
      } else {
        ObjectNode entity = byPrefix.get(ref.name());
        if (entity == null) {
          throw new VaultException(VaultException.Kind.INVALID, "vault '" + ref.name() + "' is not available (kinds: "
              + String.join(", ", backends.keySet()) + "; no vault entity has that prefix)");
        }
        backend = backends.get(Json.text(entity, "name"));
        if (backend == null) {
          throw new VaultException(VaultException.Kind.UNRESOLVED, "vault '" + Json.text(entity, "name") + "' is not installed");
        }
        JsonNode c = entity.get("config");
        config = withDefaults(backend.config(), c instanceof ObjectNode o ? o.deepCopy() : Json.object());
      }
      ref.config().forEach(config::put);
      VaultBackend kind = backend;
      String key = backend.name() + "\n" + config + "\n" + ref.resource() + "\n" + ref.version();
      String value = cache.get(key, SecretCache.Ttls.of(config), () -> kind.get(config, ref.resource(), ref.version()));
      return ref.key() == null ? value : subfield(value, ref.key());
    }
  }

  private static ObjectNode withDefaults(Field record, ObjectNode config) {
    for (Field f : record.fields()) {
      if (!config.has(f.name()) && f.hasDefault()) {
        config.set(f.name(), f.defaultValue());
      }
    }
    return config;
  }

  /** Kong's {@code extract_key_from_json_string}: a string field of a flat JSON object. */
  private static String subfield(String json, String key) {
    JsonNode tree;
    try {
      tree = Json.parse(json);
    } catch (IllegalArgumentException e) {
      throw new VaultException(VaultException.Kind.UNRESOLVED, "unable to json decode value (" + json.length() + " characters): " + e.getMessage());
    }
    JsonNode v = tree.get(key);
    if (!tree.isObject() || v == null || v.isNull()) {
      throw new VaultException(VaultException.Kind.UNRESOLVED, "subfield " + key + " not found in JSON secret");
    }
    if (!v.isTextual()) {
      throw new VaultException(VaultException.Kind.UNRESOLVED, "unexpected " + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
          + " value in JSON secret for subfield " + key);
    }
    return v.asText();
  }
}
