package io.gatehouse.core.error;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A Kong DAO error: code, name, message and the {@code fields} (or {@code options}) tree, rendered
 * exactly as Kong's Admin API returns it. One exception type for all of them; the code decides the
 * HTTP status.
 */
public final class KongException extends RuntimeException {
  private final ErrorCode code;
  private final @Nullable JsonNode fields;
  private final String fieldsKey;
  private @Nullable JsonNode flattenedErrors;

  public KongException(ErrorCode code, String message, @Nullable JsonNode fields) {
    this(code, message, fields, "fields");
  }

  private KongException(ErrorCode code, String message, @Nullable JsonNode fields, String fieldsKey) {
    this(code, message, fields, fieldsKey, null);
  }

  private KongException(ErrorCode code, String message, @Nullable JsonNode fields, String fieldsKey,
      @Nullable Throwable cause) {
    // no stack trace: these are answers, not bugs; a database error keeps its cause for the log
    super(message, cause, false, false);
    this.code = code;
    this.fields = fields;
    this.fieldsKey = fieldsKey;
  }

  public ErrorCode code() {
    return code;
  }

  public @Nullable JsonNode fields() {
    return fields;
  }

  public int httpStatus() {
    return code.httpStatus();
  }

  /** The Admin API body: {@code {"code":…,"name":…,"message":…,"fields":…}}. */
  public ObjectNode toJson() {
    ObjectNode body = Json.object();
    body.put("code", code.code());
    body.put("name", code.kongName());
    body.put("message", getMessage());
    if (fields != null) {
      body.set(fieldsKey, fields);
    }
    if (flattenedErrors != null) {
      body.set("flattened_errors", flattenedErrors);
    }
    return body;
  }

  /** Code 2, from a field-error tree: the message lists every error as Kong does. */
  public static KongException schemaViolation(ObjectNode fieldErrors) {
    return new KongException(ErrorCode.SCHEMA_VIOLATION, SchemaViolationMessage.of(fieldErrors), fieldErrors);
  }

  /** Code 5: {@code UNIQUE violation detected on '{name="x"}'}. */
  public static KongException uniqueViolation(Map<String, JsonNode> keyValues) {
    ObjectNode f = sortedObject(keyValues);
    return new KongException(
        ErrorCode.UNIQUE_VIOLATION, "UNIQUE violation detected on '" + LuaTable.render(f) + "'", f);
  }

  /** Code 3: an insert with an id that already exists. */
  public static KongException primaryKeyViolation(String id) {
    ObjectNode f = Json.object().put("id", id);
    return new KongException(
        ErrorCode.PRIMARY_KEY_VIOLATION, "primary key violation on key '" + LuaTable.render(f) + "'", f);
  }

  /** Code 6 by primary key: {@code could not find the entity with primary key '{id="…"}'}. */
  public static KongException notFoundById(String id) {
    ObjectNode f = Json.object().put("id", id);
    return new KongException(
        ErrorCode.NOT_FOUND, "could not find the entity with primary key '" + LuaTable.render(f) + "'", f);
  }

  /** Code 6 by endpoint key: {@code could not find the entity with '{name="x"}'}. */
  public static KongException notFoundByKey(String field, String value) {
    ObjectNode f = Json.object().put(field, value);
    return new KongException(ErrorCode.NOT_FOUND, "could not find the entity with '" + LuaTable.render(f) + "'", f);
  }

  /** Code 4 on write: the referenced parent does not exist. */
  public static KongException invalidReference(String field, String parentId, String parentTable) {
    ObjectNode key = Json.object().put("id", parentId);
    ObjectNode f = Json.object();
    f.set(field, key);
    return new KongException(
        ErrorCode.FOREIGN_KEY_VIOLATION,
        "the foreign key '" + LuaTable.render(key) + "' does not reference an existing '" + parentTable + "' entity.",
        f);
  }

  /** Code 4 on delete: a child that does not cascade still references the entity. */
  public static KongException referencedBy(String childTable, String parentTable) {
    ObjectNode f = Json.object().put("@referenced_by", childTable);
    return new KongException(
        ErrorCode.FOREIGN_KEY_VIOLATION,
        "an existing '" + childTable + "' entity references this '" + parentTable + "' entity",
        f);
  }

  /** Code 13: a foreign key given by endpoint key that names nothing. */
  public static KongException foreignKeyUnresolved(String field, String keyField, String value, String parentTable) {
    ObjectNode f = Json.object();
    f.set(field, Json.object().put(keyField, value));
    String detail = field + "." + keyField + ": the foreign key cannot be resolved with '"
        + LuaTable.render(Json.object().put(keyField, value)) + "' for an existing '" + parentTable + "' entity";
    return new KongException(ErrorCode.FOREIGN_KEYS_UNRESOLVED, "foreign key unresolved (" + detail + ")", f);
  }

  /** Code 7. */
  public static KongException invalidOffset(String offset, String reason) {
    return new KongException(ErrorCode.INVALID_OFFSET, "'" + offset + "' is not a valid offset: " + reason, null);
  }

  /** Code 9. */
  public static KongException invalidSize(String message) {
    return new KongException(ErrorCode.INVALID_SIZE, message, null);
  }

  /** Code 11: {@code invalid option (tags: invalid filter syntax)}, with an {@code options} tree. */
  public static KongException invalidOption(String option, String error) {
    ObjectNode o = Json.object().put(option, error);
    return new KongException(ErrorCode.INVALID_OPTIONS, "invalid option (" + option + ": " + error + ")", o, "options");
  }

  /** Code 12: a write in DB-less mode. */
  public static KongException operationUnsupported(String message) {
    return new KongException(ErrorCode.OPERATION_UNSUPPORTED, message, null);
  }

  /**
   * Code 14: {@code declarative config is invalid: {services={{host="required field missing"}}}};
   * {@code flattened} (one entry per offending entity) is added when the client asked for it.
   */
  public static KongException invalidDeclarativeConfig(ObjectNode fields, @Nullable JsonNode flattened) {
    KongException e = new KongException(ErrorCode.INVALID_DECLARATIVE_CONFIGURATION,
        "declarative config is invalid: " + LuaTable.render(fields), fields);
    e.flattenedErrors = flattened;
    return e;
  }

  /** Code 8: the store failed; the Admin API hides the detail. */
  public static KongException databaseError(String message, Throwable cause) {
    return new KongException(ErrorCode.DATABASE_ERROR, message, null, "fields", cause);
  }

  private static ObjectNode sortedObject(Map<String, JsonNode> values) {
    ObjectNode f = Json.object();
    new TreeMap<>(values).forEach((k, v) -> f.set(k, v == null ? Json.NODES.nullNode() : v));
    return f;
  }
}
