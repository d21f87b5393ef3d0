package io.gatehouse.admin.rbac;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.admin.http.AdminCall;
import io.gatehouse.admin.http.WorkspaceRef;
import io.gatehouse.core.entity.EntityWorkspace;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.EntityProcessor;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.core.schema.SchemaRegistry;
import io.gatehouse.store.ConfigStore;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Which entity an Admin API call addresses, for entity permissions. A route is an entity route
 * when its first segment is an entity collection ({@code /services…}). The entity checked is the
 * one named last in the path ({@code /services/{s}/routes/{r}} → the route); its key (id or
 * endpoint key, certificates also by SNI) is resolved to the entity's id. A key that names no
 * entity yet (a {@code PUT} that creates) is checked as that key, which only a wildcard rule covers.
 */
final class EntityTargets {
  /** An entity addressed by a call: its table and id (or unresolved key). */
  record Target(String table, String id) {}

  private final SchemaRegistry registry;
  private final ConfigStore store;

  EntityTargets(SchemaRegistry registry, ConfigStore store) {
    this.registry = registry;
    this.store = store;
  }

  boolean isEntityRoute(String template) {
    String first = template.length() > 1 ? template.substring(1).split("/", -1)[0] : "";
    return collection(first).isPresent();
  }

  /**
   * The entity named last in the call's path, or null for a top-level collection. Keys that are
   * not ids (names, SNIs) are looked up in the request's workspace, where the handler finds them.
   */
  @Nullable Target target(AdminCall call) {
    String wsId = WorkspaceRef.of(call.params()).id();
    String[] segments = call.template().substring(1).split("/", -1);
    Target last = null;
    for (String seg : segments) {
      if (seg.startsWith("{") && seg.endsWith("}")) {
        String param = seg.substring(1, seg.length() - 1);
        Optional<Schema> s = registry.table(param);
        if (s.isPresent()) {
          last = new Target(param, resolve(s.get(), wsId, call.params().get(param)));
        }
      }
    }
    return last;
  }

  /** The table a collection path segment ({@code services}, {@code routes} under a parent) names. */
  Optional<Schema> collection(String segment) {
    for (Schema s : registry.all()) {
      if (s.adminApiName().equals(segment) || s.nestedName().equals(segment)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /**
   * The table holding the entity with this id, if it lives in workspace {@code wsId} (entity
   * permissions are per workspace, as in Kong Enterprise: a role names only its workspace's entities).
   */
  Optional<String> tableOf(String id, String wsId) {
    String key = id.toLowerCase(Locale.ROOT);
    for (Schema s : registry.all()) {
      Optional<ObjectNode> e = store.get(s.name(), key);
      if (e.isPresent()) {
        return EntityWorkspace.of(e.get()).equals(wsId) ? Optional.of(s.name()) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  private String resolve(Schema s, String wsId, String key) {
    if (EntityProcessor.isUuid(key)) {
      return key.toLowerCase(Locale.ROOT);
    }
    Optional<ObjectNode> found = Optional.empty();
    if (s.name().equals("certificates")) {
      found = store.findByUnique(wsId, "snis", "name", key)
          .filter(sni -> EntityWorkspace.of(sni).equals(wsId))
          .flatMap(sni -> store.get("certificates", Json.foreignId(sni, "certificate")));
    } else if (s.endpointKey() != null && s.field(s.endpointKey()).isUnique()) {
      found = store.findByUnique(wsId, s.name(), s.endpointKey(), key);
    }
    return found.map(e -> e.get("id").asText()).orElse(key);
  }
}
