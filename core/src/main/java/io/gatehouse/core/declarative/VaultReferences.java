package io.gatehouse.core.declarative;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Secret references in string values, {@code {vault://env/NAME}} (Kong's env vault: the name is
 * upper-cased and {@code -} becomes {@code _}). Checked when a file loads, so a bad reference is
 * rejected with the field named; resolved only on the copy the runtime builds its snapshot from, so
 * the store, exports and the Admin API keep the reference and never the secret.
 */
public final class VaultReferences {
  private static final Pattern REFERENCE = Pattern.compile("^\\{vault://([^/}]*)/([^}]*)}$");

  private final UnaryOperator<@Nullable String> env;

  /** Resolves against {@code env} ({@code System::getenv} in production). */
  public VaultReferences(UnaryOperator<@Nullable String> env) {
    this.env = Objects.requireNonNull(env, "env");
  }

  public static VaultReferences systemEnv() {
    return new VaultReferences(System::getenv);
  }

  public static boolean isReference(JsonNode v) {
    return v.isTextual() && v.asText().startsWith("{vault://");
  }

  /** Errors for the references in {@code entity} (a tree by field, like a schema violation), or null. */
  public @Nullable ObjectNode errors(ObjectNode entity) {
    ObjectNode errors = Json.object();
    for (Iterator<Map.Entry<String, JsonNode>> it = entity.fields(); it.hasNext(); ) {
      var f = it.next();
      JsonNode err = check(f.getValue());
      if (err != null) {
        errors.set(f.getKey(), err);
      }
    }
    return errors.isEmpty() ? null : errors;
  }

  private @Nullable JsonNode check(JsonNode v) {
    if (isReference(v)) {
      String problem = problem(v.asText());
      return problem == null ? null : Json.NODES.textNode(problem);
    }
    if (v.isObject()) {
      return errors((ObjectNode) v);
    }
    if (v.isArray()) {
      for (JsonNode x : v) {
        JsonNode err = check(x);
        if (err != null) {
          return err;
        }
      }
    }
    return null;
  }

  private @Nullable String problem(String ref) {
    Matcher m = REFERENCE.matcher(ref);
    if (!m.matches() || m.group(2).isEmpty()) {
      return "invalid vault reference '" + ref + "': expected {vault://env/NAME}";
    }
    if (!m.group(1).equals("env")) {
      return "invalid vault reference '" + ref + "': vault '" + m.group(1) + "' is not available (only 'env' is)";
    }
    if (env.apply(envName(m.group(2))) == null) {
      return "could not resolve vault reference '" + ref + "': environment variable '" + envName(m.group(2))
          + "' is not set";
    }
    return null;
  }

  private static String envName(String name) {
    return name.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /**
   * The tables with every reference replaced by its secret; entities without references are shared,
   * not copied. An unresolvable reference is an {@link IllegalStateException} (the build fails and
   * the previous snapshot keeps serving).
   */
  public Map<String, List<ObjectNode>> resolve(Map<String, List<ObjectNode>> tables) {
    Map<String, List<ObjectNode>> out = new LinkedHashMap<>();
    tables.forEach((table, rows) -> out.put(table, rows.stream()
        .map(e -> contains(e) ? (ObjectNode) resolved(e.deepCopy()) : e).toList()));
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

  private JsonNode resolved(JsonNode v) {
    if (isReference(v)) {
      Matcher m = REFERENCE.matcher(v.asText());
      String secret = m.matches() && m.group(1).equals("env") ? env.apply(envName(m.group(2))) : null;
      if (secret == null) {
        throw new IllegalStateException("could not resolve vault reference '" + v.asText() + "'");
      }
      return Json.NODES.textNode(secret);
    }
    if (v instanceof ObjectNode o) {
      o.fields().forEachRemaining(f -> f.setValue(resolved(f.getValue())));
    } else if (v instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        a.set(i, resolved(a.get(i)));
      }
    }
    return v;
  }
}
