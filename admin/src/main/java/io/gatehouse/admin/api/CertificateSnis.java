package io.gatehouse.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.EntityProcessor;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.store.ConfigStore;
import io.gatehouse.store.PageQuery;
import io.gatehouse.store.StoreTransaction;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A certificate's {@code snis} pseudo-field (reference §1.8): on write it replaces the SNI rows
 * pointing at the certificate; on read it lists their names sorted.
 */
final class CertificateSnis implements WriteHook {
  private final Schema sniSchema;
  private final EntityProcessor processor;

  CertificateSnis(Schema sniSchema, EntityProcessor processor) {
    this.sniSchema = sniSchema;
    this.processor = processor;
  }

  @Override
  public Object extract(ObjectNode input, ConfigStore store) {
    return names(input, true);
  }

  /**
   * Kong's schema gives certificates a transient {@code snis} field (an array of wildcard hosts), so
   * {@code /schemas/certificates/validate} checks it like any field; duplicates are the DAO's check, not the schema's.
   */
  @Override
  public void validate(ObjectNode input) {
    names(input, false);
  }

  /** Kong's field as its {@code GET /schemas/certificates} shows it (the wildcard-host validator is a function, so not shown). */
  @Override
  public ObjectNode describe(ObjectNode schema) {
    ObjectNode field = Json.object().put("type", "array");
    field.set("elements", Json.object().put("type", "string"));
    field.put("required", false).put("transient", true);
    ((ArrayNode) schema.get("fields")).add(Json.object().set("snis", field));
    return schema;
  }

  /** Removes {@code snis} from the input and returns its names, or throws Kong's schema violation. */
  private @Nullable List<String> names(ObjectNode input, boolean rejectDuplicates) {
    JsonNode snis = input.remove("snis");
    if (snis == null || snis.isNull()) {
      return null;
    }
    if (!snis.isArray()) {
      throw KongException.schemaViolation(Json.object().put("snis", "expected an array"));
    }
    Set<String> names = new LinkedHashSet<>();
    ObjectNode errors = Json.object();
    ArrayNode elementErrors = Json.array();
    for (JsonNode n : snis) {
      String name = n.asText();
      if (!names.add(name) && rejectDuplicates) {
        elementErrors.add(name + " is duplicated");
      }
      JsonNode err = processor.errors(sniSchema, Json.object().put("name", name));
      if (err != null && err.has("name")) {
        elementErrors.add(err.get("name").asText());
      }
    }
    if (!elementErrors.isEmpty()) {
      errors.set("snis", elementErrors);
      throw KongException.schemaViolation(errors);
    }
    return List.copyOf(names);
  }

  @Override
  @SuppressWarnings("unchecked")
  public void afterWrite(StoreTransaction tx, ObjectNode cert, Object extracted) {
    if (extracted == null) {
      return;
    }
    List<String> names = (List<String>) extracted;
    String certId = cert.get("id").asText();
    for (String name : names) {
      tx.findByUnique("snis", "name", name).ifPresent(existing -> {
        String owner = Json.foreignId(existing, "certificate");
        if (!certId.equals(owner)) {
          throw KongException.schemaViolation(
              Json.object().put("snis", name + " already associated with existing certificate '" + owner + "'"));
        }
      });
    }
    for (ObjectNode sni : snisOf(tx, certId)) {
      if (!names.contains(sni.get("name").asText())) {
        tx.delete("snis", sni.get("id").asText());
      }
    }
    for (String name : names) {
      if (tx.findByUnique("snis", "name", name).isEmpty()) {
        ObjectNode sni = Json.object().put("name", name);
        sni.set("certificate", Json.object().put("id", certId));
        tx.insert("snis", processor.insert(sniSchema, sni));
      }
    }
  }

  @Override
  public ObjectNode render(ObjectNode entity, ConfigStore store) {
    List<String> names = new ArrayList<>();
    PageQuery q = PageQuery.first(1000).withForeign("certificate", entity.get("id").asText());
    String offset = null;
    do {
      var page = store.list("snis", q.withOffset(offset));
      page.data().forEach(s -> names.add(s.get("name").asText()));
      offset = page.offset();
    } while (offset != null);
    names.sort(String::compareTo);
    ObjectNode out = entity.deepCopy();
    ArrayNode arr = Json.array();
    names.forEach(arr::add);
    out.set("snis", arr);
    return out;
  }

  private static List<ObjectNode> snisOf(StoreTransaction tx, String certId) {
    return tx.list("snis", PageQuery.first(1000).withForeign("certificate", certId)).data();
  }
}
