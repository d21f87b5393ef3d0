package io.gatehouse.core.declarative;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.declarative.DeclarativeConfigException.EntityError;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.EntityProcessor;
import io.gatehouse.core.schema.Field;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.core.schema.SchemaRegistry;
import io.gatehouse.core.schema.TableSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns a parsed declarative file into complete, validated entities, as Kong's
 * {@code declarative_config} schema and {@code flatten} do (reference §3): nested children under any
 * parent they reference (from the registry, so plugin tables nest too), top-level references by id
 * or endpoint key, deterministic ids, every entity through the {@link EntityProcessor}, then
 * references and uniqueness across the file. All problems are reported together in one
 * {@link DeclarativeConfigException}.
 */
public final class DeclarativeLoader {
  private static final Set<String> FORMATS = Set.of("1.1", "2.1", "3.0");
  private static final Set<String> META = Set.of("_format_version", "_transform", "_comment", "_ignore", "_workspace",
      DeclarativeConfig.PRODUCTS);
  /** Kong's 2.x → 3.0 migration: a path with any other character was a regex. */
  private static final Pattern PLAIN_PATH = Pattern.compile("^[a-zA-Z0-9.\\-_~/%]*$");

  private final SchemaRegistry registry;
  private final EntityProcessor processor;
  private final VaultReferences vaults;

  public DeclarativeLoader(SchemaRegistry registry, EntityProcessor processor, VaultReferences vaults) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.processor = Objects.requireNonNull(processor, "processor");
    this.vaults = Objects.requireNonNull(vaults, "vaults");
  }

  /** Parses and loads text ({@code fileName} picks JSON or YAML by extension; null guesses). */
  public DeclarativeConfig load(String text, @Nullable String fileName) {
    return load(DeclarativeParser.parse(text, fileName));
  }

  public DeclarativeConfig load(ObjectNode root) {
    return new Run(root).load();
  }

  /** One entity of the file, with where it came from. */
  private static final class Entry {
    final Schema schema;
    final ObjectNode submitted;
    final ObjectNode input;
    final List<Object> path;
    final @Nullable Entry parent;
    final @Nullable Field parentFk;
    final ObjectNode localErrors = Json.object();
    /** Foreign keys a nested entity gave as {@code {id = uuid}}: accepted unless the file has other errors. */
    final List<String> nestedForeignKeys = new ArrayList<>();
    @Nullable String id;
    @Nullable ObjectNode entity;

    Entry(Schema schema, ObjectNode input, List<Object> path, @Nullable Entry parent, @Nullable Field parentFk) {
      this.schema = schema;
      this.input = input;
      this.submitted = input;
      this.path = path;
      this.parent = parent;
      this.parentFk = parentFk;
    }
  }

  /** The state of one load. */
  private final class Run {
    private final ObjectNode root;
    private final ObjectNode topErrors = Json.object();
    private final List<EntityError> errors = new ArrayList<>();
    private final List<Entry> entries = new ArrayList<>();
    /**
     * The file's valid vault entities so far (vaults validate before every other table). Kept as
     * they validate: rescanning every entry per entity made large files quadratic (issue 17).
     */
    private final List<ObjectNode> validVaults = new ArrayList<>();
    private final List<ObjectNode> configuredVaults = java.util.Collections.unmodifiableList(validVaults);
    private final Map<String, Map<String, Entry>> byId = new HashMap<>();
    private final Map<String, Map<String, Entry>> byKey = new HashMap<>();
    private boolean migratePaths;

    Run(ObjectNode root) {
      this.root = root;
    }

    DeclarativeConfig load() {
      String version = checkMeta();
      for (Schema s : registry.all()) {
        JsonNode list = root.get(s.name());
        if (list instanceof ArrayNode a) {
          for (int i = 0; i < a.size(); i++) {
            collect(s, a.get(i), List.of(s.name(), i), null, null);
          }
        }
      }
      entries.forEach(this::assignId);
      entries.forEach(this::index);
      List<EntityError> references = new ArrayList<>();
      entries.forEach(e -> validate(e, references));
      if (!errors.isEmpty() || !topErrors.isEmpty()) {
        // Kong merges the first pass's "value must be null" errors into a failed second pass
        for (Entry e : entries) {
          if (!e.nestedForeignKeys.isEmpty()) {
            ObjectNode tree = Json.object();
            e.nestedForeignKeys.forEach(f -> tree.put(f, "value must be null"));
            errors.add(new EntityError(e.path, e.schema.name(), e.submitted, tree));
          }
        }
      }
      if (errors.isEmpty() && topErrors.isEmpty()) {
        errors.addAll(references); // Kong checks references only once every entity is valid
      }
      if (errors.isEmpty() && topErrors.isEmpty()) {
        checkUniqueness();
      }
      if (!errors.isEmpty() || !topErrors.isEmpty()) {
        throw new DeclarativeConfigException(topErrors, errors);
      }
      Map<String, List<ObjectNode>> tables = new LinkedHashMap<>();
      registry.all().forEach(s -> tables.put(s.name(), new ArrayList<>()));
      entries.forEach(e -> tables.get(e.schema.name()).add(Objects.requireNonNull(e.entity)));
      return new DeclarativeConfig(version, Json.bool(root, "_transform", true), md5(Json.write(root)), tables, workspace(),
          products());
    }

    /** The file's {@code _workspace}, else default (derived ids depend on it, see {@link Uuid5#endpointKey}). */
    private String workspace() {
      return root.path("_workspace").isTextual() ? root.get("_workspace").asText() : DeclarativeConfig.DEFAULT_WORKSPACE;
    }

    private String checkMeta() {
      JsonNode fv = root.get("_format_version");
      String version = "3.0";
      if (fv == null || fv.isNull()) {
        topErrors.put("_format_version", "required field missing");
      } else if (!fv.isTextual()) {
        topErrors.put("_format_version", "expected a string");
      } else if (!FORMATS.contains(fv.asText())) {
        topErrors.put("_format_version", "expected one of: 1.1, 2.1, 3.0");
      } else {
        version = fv.asText();
      }
      migratePaths = !version.equals("3.0");
      expect("_transform", JsonNode::isBoolean, "expected a boolean");
      expect("_comment", JsonNode::isTextual, "expected a string");
      expect("_ignore", JsonNode::isArray, "expected an array");
      // decK's _workspace: the workspace the file's entities go to (its importer decides whether it may)
      expect("_workspace", v -> v.isTextual() && !v.asText().isEmpty(), "expected a non-empty string");
      checkProducts();
      root.fieldNames().forEachRemaining(k -> {
        if (META.contains(k)) {
          return;
        }
        if (k.startsWith("_") || registry.table(k).isEmpty()) {
          topErrors.put(k, "unknown field");
        } else if (!root.get(k).isArray() && !root.get(k).isNull()) {
          topErrors.put(k, "expected an array");
        }
      });
      return version;
    }

    /** The products section's shape; its fields are the portal's to check (it knows products). */
    private void checkProducts() {
      JsonNode v = root.get(DeclarativeConfig.PRODUCTS);
      if (v == null || v.isNull()) {
        return;
      }
      if (!v.isArray()) {
        topErrors.put(DeclarativeConfig.PRODUCTS, "expected an array");
        return;
      }
      ArrayNode entries = Json.array();
      boolean bad = false;
      for (JsonNode p : v) {
        bad |= !p.isObject();
        entries.add(p.isObject() ? Json.NODES.nullNode() : Json.NODES.textNode("expected a record"));
      }
      if (bad) {
        topErrors.set(DeclarativeConfig.PRODUCTS, entries);
      }
    }

    private @Nullable List<ObjectNode> products() {
      JsonNode v = root.get(DeclarativeConfig.PRODUCTS);
      if (!(v instanceof ArrayNode a)) {
        return null;
      }
      List<ObjectNode> out = new ArrayList<>();
      a.forEach(p -> out.add(((ObjectNode) p).deepCopy()));
      return out;
    }

    private void expect(String key, java.util.function.Predicate<JsonNode> ok, String message) {
      JsonNode v = root.get(key);
      if (v != null && !v.isNull() && !ok.test(v)) {
        topErrors.put(key, message);
      }
    }

    private void collect(Schema s, JsonNode node, List<Object> path, @Nullable Entry parent, @Nullable Field fk) {
      if (!(node instanceof ObjectNode o)) {
        errors.add(new EntityError(path, s.name(), Json.object(), Json.NODES.textNode("expected a record")));
        return;
      }
      // a shallow copy: only top-level fields change here and in validate (paths are copied before
      // they are rewritten); EntityProcessor deep-copies before its own changes. Deep copies per
      // entity were a good part of the allocation of a large POST /config (issue 17).
      ObjectNode input = o.objectNode().setAll(o);
      JsonNode comment = input.remove("_comment");
      JsonNode ignore = input.remove("_ignore");
      Entry e = new Entry(s, input, path, parent, fk);
      if (comment != null && !comment.isTextual()) {
        e.localErrors.put("_comment", "expected a string");
      }
      if (ignore != null && !ignore.isArray()) {
        e.localErrors.put("_ignore", "expected an array");
      }
      entries.add(e);
      if (fk != null) {
        // Kong forces every foreign key of a nested copy to null (the parent fills its own in), but
        // when the file fails that check it validates again with foreign keys as records and accepts
        // an {id = uuid} one (declarative_config flatten); the id must then name a declared entity.
        for (Field f : s.foreignKeys()) {
          JsonNode v = input.get(f.name());
          String id = v == null ? null : foreignId(v);
          if (id != null) {
            input.put(f.name(), id);
            e.nestedForeignKeys.add(f.name());
          } else if (v != null && !v.isNull()) {
            e.localErrors.put(f.name(), "value must be null");
          }
        }
      }
      if (migratePaths && s.name().equals("routes") && input.get("paths") instanceof ArrayNode given) {
        ArrayNode paths = given.deepCopy(); // the file's own array stays as sent (its hash)
        input.set("paths", paths);
        for (int i = 0; i < paths.size(); i++) {
          String p = paths.get(i).asText();
          if (paths.get(i).isTextual() && !PLAIN_PATH.matcher(p).matches() && !p.startsWith("~")) {
            paths.set(i, Json.NODES.textNode("~" + p));
          }
        }
      }
      for (Schema child : registry.childrenOf(s.name())) {
        if (s.field(child.name()) != null || !input.has(child.name())) {
          continue;
        }
        JsonNode kids = input.remove(child.name());
        Field childFk = child.foreignKeys().stream().filter(f -> s.name().equals(f.reference())).findFirst().orElseThrow();
        if (kids.isNull()) {
          continue;
        }
        if (!(kids instanceof ArrayNode a)) {
          e.localErrors.put(child.name(), "expected an array");
          continue;
        }
        for (int j = 0; j < a.size(); j++) {
          List<Object> childPath = new ArrayList<>(path);
          childPath.add(child.name());
          childPath.add(j);
          collect(child, a.get(j), List.copyOf(childPath), e, childFk);
        }
      }
    }

    private static @Nullable String foreignId(JsonNode v) {
      JsonNode id = v.get("id");
      return v.isObject() && v.size() == 1 && id != null && id.isTextual() && EntityProcessor.isUuid(id.asText())
          ? id.asText() : null;
    }

    private void assignId(Entry e) {
      JsonNode given = e.input.get("id");
      if (given != null && !given.isNull()) {
        e.id = given.isTextual() ? given.asText().toLowerCase(java.util.Locale.ROOT) : null;
        return;
      }
      String key = uuidKey(e);
      e.id = key == null ? UUID.randomUUID().toString() : Uuid5.forEntity(e.schema.name(), key);
    }

    /** Kong's {@code get_key_for_uuid_gen}: the endpoint key (made per-parent if not unique), else the cache key. */
    private @Nullable String uuidKey(Entry e) {
      Schema s = e.schema;
      String ek = s.endpointKey();
      JsonNode kv = ek == null ? null : e.input.get(ek);
      if (ek != null && kv != null && !kv.isNull() && !kv.isContainerNode()) {
        StringBuilder key = new StringBuilder(kv.asText());
        if (!Objects.requireNonNull(s.field(ek)).isUnique()) {
          for (TableSpec.ForeignKey fk : s.table().foreignKeys()) {
            if (fk.onDelete() == TableSpec.OnDelete.CASCADE) {
              String parentKey = e.parentFk != null && e.parentFk.name().equals(fk.field())
                  ? e.parent.id : Json.text(e.input, fk.field());
              key.append(':').append(parentKey);
            }
          }
        }
        return Uuid5.endpointKey(s.name(), ek, key.toString(), workspace());
      }
      List<List<String>> composites = s.table().compositeUniques();
      if (composites.isEmpty()) {
        return null;
      }
      StringBuilder ck = new StringBuilder(Uuid5.cacheKeyPrefix(s.name(), workspace()));
      for (String k : composites.getFirst()) {
        Field f = Objects.requireNonNull(s.field(k));
        JsonNode v = e.input.get(k);
        if (f.isAuto()) {
          return null;
        } else if (v != null && v.isTextual()) {
          ck.append(':').append(v.asText());
        } else if (v == null || v.isNull()) {
          if (e.parentFk != null && e.parentFk.name().equals(k)) {
            ck.append(':').append(e.parent.id);
          } else if (f.isRequired()) {
            return null;
          } else {
            ck.append(':');
          }
        }
      }
      return ck.toString();
    }

    private void index(Entry e) {
      if (e.id != null) {
        byId.computeIfAbsent(e.schema.name(), t -> new HashMap<>()).put(e.id, e);
      }
      String ek = e.schema.endpointKey();
      JsonNode kv = ek == null ? null : e.input.get(ek);
      if (kv != null && kv.isTextual()) {
        byKey.computeIfAbsent(e.schema.name(), t -> new HashMap<>()).put(kv.asText(), e);
      }
    }

    private @Nullable Entry find(String table, String key) {
      Entry e = byKey.getOrDefault(table, Map.of()).get(key);
      return e != null ? e : byId.getOrDefault(table, Map.of()).get(key.toLowerCase(java.util.Locale.ROOT));
    }

    /** The id of a {@code {id: …}} reference, else the referenced type's endpoint key ({@code {name: …}}). */
    private JsonNode referenceKey(Field fk, JsonNode ref) {
      if (ref.path("id").isTextual()) {
        return ref.get("id");
      }
      Schema target = registry.table(Objects.requireNonNull(fk.reference())).orElse(null);
      String ek = target == null ? null : target.endpointKey();
      return ek != null && ref.path(ek).isTextual() ? ref.get(ek) : ref;
    }

    private void validate(Entry e, List<EntityError> references) {
      Schema s = e.schema;
      ObjectNode in = e.input.objectNode().setAll(e.input); // top-level changes only, see collect
      if (e.id != null) {
        in.put("id", e.id);
      }
      ArrayNode dangling = Json.array();
      for (Field fk : s.foreignKeys()) {
        JsonNode v = in.get(fk.name());
        if (e.parentFk != null && fk.name().equals(e.parentFk.name())) {
          if (v != null && v.isTextual() && find(Objects.requireNonNull(fk.reference()), v.asText()) == null) {
            dangling.add("invalid reference '" + fk.name() + ": " + Json.write(Json.object().put("id", v.asText()))
                + "' (no such entry in '" + fk.reference() + "')");
          }
          if (!e.localErrors.has(fk.name())) {
            in.set(fk.name(), Json.object().put("id", e.parent.id));
          }
          continue;
        }
        if (v == null || v.isNull() || e.localErrors.has(fk.name())) {
          continue;
        }
        if (v.isObject()) {
          v = referenceKey(fk, v); // decK writes {id: …, name: …} or {name: …}
        }
        if (!v.isTextual()) {
          e.localErrors.put(fk.name(), "expected a string");
          continue;
        }
        Entry target = find(Objects.requireNonNull(fk.reference()), v.asText());
        if (target == null) {
          dangling.add("invalid reference '" + fk.name() + ": " + v.asText() + "' (no such entry in '" + fk.reference() + "')");
          in.remove(fk.name());
        } else {
          in.set(fk.name(), Json.object().put("id", target.id));
        }
      }
      e.localErrors.fieldNames().forEachRemaining(in::remove);
      ObjectNode tree = e.localErrors.deepCopy();
      try {
        // _transform: false — values are as stored (Kong's basic-auth hashes), no write transformations
        e.entity = processor.insert(s, in, Json.bool(root, "_transform", true));
        if (s.name().equals("vaults")) {
          validVaults.add(e.entity);
        }
        ObjectNode vaultErrors = vaults.errors(e.entity, configuredVaults);
        if (vaultErrors != null) {
          tree.setAll(vaultErrors);
        }
      } catch (KongException ke) {
        if (ke.fields() instanceof ObjectNode f) {
          f.fields().forEachRemaining(x -> {
            if (!tree.has(x.getKey())) {
              tree.set(x.getKey(), x.getValue());
            }
          });
        }
      }
      if (!tree.isEmpty()) {
        errors.add(new EntityError(e.path, s.name(), e.submitted, tree));
      } else if (!dangling.isEmpty()) {
        references.add(new EntityError(List.of(s.name(), referenceAt(e)), s.name(), e.submitted, dangling));
      }
    }

    /** Kong files a reference error under the entity's endpoint key, else its id, else its index. */
    private Object referenceAt(Entry e) {
      String ek = e.schema.endpointKey();
      String key = ek == null ? null : Json.text(e.input, ek);
      if (key != null) {
        return key;
      }
      String id = Json.text(e.input, "id");
      return id != null ? id : e.path.get(1);
    }

    private void checkUniqueness() {
      Map<String, Entry> seen = new HashMap<>();
      for (Entry e : entries) {
        ObjectNode entity = Objects.requireNonNull(e.entity);
        String table = e.schema.name();
        TableSpec spec = e.schema.table();
        String problem = null;
        for (String field : spec.uniqueFields()) {
          JsonNode v = entity.get(field);
          if (problem == null && v != null && !v.isNull()
              && seen.putIfAbsent(table + "\0" + field + "\0" + v.asText(), e) != null) {
            problem = "with " + field + " set to '" + v.asText() + "'";
          }
        }
        for (List<String> tuple : spec.compositeUniques()) {
          List<String> parts = new ArrayList<>();
          for (String f : tuple) {
            JsonNode v = entity.get(f);
            String text = v == null || v.isNull() ? "null" : v.has("id") ? v.get("id").asText() : v.asText();
            parts.add(f + " set to '" + text + "'");
          }
          String described = String.join(", ", parts);
          if (problem == null && seen.putIfAbsent(table + "\0" + described, e) != null) {
            problem = "with " + described;
          }
        }
        if (problem == null && seen.putIfAbsent(table + "\0id\0" + e.id, e) != null) {
          problem = "with primary key set to '" + e.id + "'";
        }
        if (problem != null) {
          errors.add(new EntityError(e.path, table, e.submitted, Json.NODES.textNode(
              "uniqueness violation: '" + table + "' entity " + problem + " already declared")));
        }
      }
    }
  }

  static String md5(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
