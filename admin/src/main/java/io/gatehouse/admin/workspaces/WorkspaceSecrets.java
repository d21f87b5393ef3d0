package io.gatehouse.admin.workspaces;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.declarative.VaultReferences;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.vault.Redaction;
import io.gatehouse.core.vault.VaultReference;
import io.gatehouse.core.vault.VaultException;
import java.util.Iterator;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The secrets in a workspace's {@code config}: {@code portal_auth_conf}'s {@code client_secret} and
 * any other member whose name looks secret by the rule kong.conf's settings follow
 * ({@link Redaction#looksSecret}: {@code session_secret}, {@code *_password}, …) or that holds
 * private keys ({@code client_jwk}). The Admin API shows them as {@value Redaction#REDACTED}; a
 * {@code {vault://…}} reference is shown as it is (it names a secret, it is not one). A write that
 * sends the placeholder back (a form round-tripping what it read) keeps the stored value.
 */
final class WorkspaceSecrets {
  static final String CONF = "portal_auth_conf";

  private WorkspaceSecrets() {}

  /** {@code config} as the Admin API shows it; the stored tree is not changed. */
  static JsonNode shown(JsonNode config) {
    JsonNode conf = config.get(CONF);
    if (conf == null || conf.isNull()) return config;
    ObjectNode out = ((ObjectNode) config).deepCopy();
    if (conf.isObject()) {
      out.set(CONF, redacted((ObjectNode) conf));
    } else if (conf.isTextual() && !conf.asText().isBlank()) { // Kong Enterprise stores it as JSON text too
      JsonNode tree = tree(conf.asText());
      out.put(CONF, tree instanceof ObjectNode o ? Json.write(redacted(o)) : Redaction.REDACTED);
    }
    return out;
  }

  /**
   * The {@code config} to store: where {@code input}'s {@code portal_auth_conf} carries the
   * placeholder, the value {@code stored} holds at the same place (same member, same list index).
   *
   * @throws KongException a schema violation (400) when there is no stored value to keep
   */
  static JsonNode kept(JsonNode input, JsonNode stored) {
    JsonNode conf = input.get(CONF);
    if (conf == null || !(conf.isObject() || conf.isTextual())) return input;
    JsonNode before = stored.get(CONF);
    ObjectNode out = ((ObjectNode) input).deepCopy();
    if (conf.isTextual() && conf.asText().equals(Redaction.REDACTED)) { // the whole conf, shown redacted
      if (before == null || before.isNull()) throw nothingStored("portal_auth_conf");
      out.set(CONF, before);
    } else if (conf.isObject()) {
      out.set(CONF, kept((ObjectNode) conf, object(before)));
    } else if (tree(conf.asText()) instanceof ObjectNode o && contains(o)) {
      out.put(CONF, Json.write(kept(o, object(before))));
    }
    return out;
  }

  /**
   * Refuses a malformed {@code {vault://…}} reference among the secrets (Kong checks a referenceable
   * field's reference when it is written); whether it resolves is found at the login that reads it.
   */
  static void checkReferences(JsonNode config) {
    ObjectNode conf = object(config.get(CONF));
    if (conf == null) return;
    for (Iterator<Map.Entry<String, JsonNode>> it = conf.fields(); it.hasNext(); ) {
      var f = it.next();
      if (!secret(f.getKey())) continue;
      for (JsonNode v : f.getValue().isArray() ? f.getValue() : Json.array().add(f.getValue())) {
        if (!VaultReferences.isReference(v)) continue;
        try {
          VaultReference.parse(v.asText());
        } catch (VaultException e) {
          ObjectNode fields = Json.object();
          fields.set("config", Json.object().put(CONF, f.getKey() + ": invalid vault reference '" + v.asText() + "': "
              + e.getMessage()));
          throw KongException.schemaViolation(fields);
        }
      }
    }
  }

  private static ObjectNode redacted(ObjectNode conf) {
    ObjectNode out = conf.deepCopy();
    for (Iterator<Map.Entry<String, JsonNode>> it = out.fields(); it.hasNext(); ) {
      var f = it.next();
      if (secret(f.getKey())) f.setValue(redacted(f.getValue()));
    }
    return out;
  }

  /** A string or each string of a list becomes the placeholder (the shape stays); a reference stays. */
  private static JsonNode redacted(JsonNode v) {
    if (v.isNull() || VaultReferences.isReference(v)) return v;
    if (v.isArray()) {
      ArrayNode a = Json.array();
      v.forEach(x -> a.add(redacted(x)));
      return a;
    }
    return Json.NODES.textNode(Redaction.REDACTED);
  }

  private static ObjectNode kept(ObjectNode conf, @Nullable ObjectNode before) {
    ObjectNode out = conf.deepCopy();
    for (Iterator<Map.Entry<String, JsonNode>> it = out.fields(); it.hasNext(); ) {
      var f = it.next();
      if (!secret(f.getKey())) continue;
      JsonNode old = before == null ? null : before.get(f.getKey());
      JsonNode v = f.getValue();
      if (placeholder(v)) {
        if (old == null || old.isNull()) throw nothingStored(f.getKey());
        f.setValue(old);
      } else if (v.isArray()) {
        ArrayNode a = Json.array();
        for (int i = 0; i < v.size(); i++) {
          if (!placeholder(v.get(i))) {
            a.add(v.get(i));
          } else if (old != null && old.isArray() && old.has(i)) {
            a.add(old.get(i));
          } else if (old != null && old.isTextual() && v.size() == 1) { // stored as a string, shown as one
            a.add(old);
          } else {
            throw nothingStored(f.getKey() + "[" + (i + 1) + "]");
          }
        }
        f.setValue(a);
      }
    }
    return out;
  }

  private static boolean contains(ObjectNode conf) {
    for (JsonNode v : conf) {
      if (placeholder(v) || (v.isArray() && java.util.stream.StreamSupport.stream(v.spliterator(), false)
          .anyMatch(WorkspaceSecrets::placeholder))) {
        return true;
      }
    }
    return false;
  }

  private static KongException nothingStored(String member) {
    ObjectNode fields = Json.object();
    fields.set("config", Json.object().put(CONF, member + ": '" + Redaction.REDACTED
        + "' stands for the stored secret, and none is stored"));
    return KongException.schemaViolation(fields);
  }

  static boolean secret(String member) {
    return Redaction.looksSecret(member) || member.equals("client_jwk");
  }

  private static boolean placeholder(JsonNode v) {
    return v.isTextual() && v.asText().equals(Redaction.REDACTED);
  }

  private static @Nullable ObjectNode object(@Nullable JsonNode conf) {
    if (conf == null) return null;
    if (conf instanceof ObjectNode o) return o;
    return conf.isTextual() && tree(conf.asText()) instanceof ObjectNode o ? o : null;
  }

  private static @Nullable JsonNode tree(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (java.io.IOException e) {
      return null;
    }
  }
}
