package io.gatehouse.store;

import static io.gatehouse.core.schema.TableSpec.OnDelete.CASCADE;
import static io.gatehouse.core.schema.TableSpec.OnDelete.RESTRICT;
import static io.gatehouse.core.schema.TableSpec.OnDelete.SET_NULL;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.TableSpec;
import io.gatehouse.core.schema.TableSpec.ForeignKey;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Table specs mirroring Kong's (services, routes, consumers, plugins, keyauth_credentials,
 * upstreams, targets) plus two test-only tables for a second cascade level and SET_NULL, and
 * one-line entity builders.
 */
public final class ContractTables {
  public static final TableSpec SERVICES =
      new TableSpec("services", "name", List.of("name"), List.of(), List.of(), true, false);
  public static final TableSpec ROUTES = new TableSpec("routes", "name", List.of("name"), List.of(),
      List.of(new ForeignKey("service", "services", RESTRICT)), true, false);
  public static final TableSpec CONSUMERS = new TableSpec("consumers", "username",
      List.of("username", "custom_id"), List.of(), List.of(), true, false);
  public static final TableSpec PLUGINS = new TableSpec("plugins", "instance_name", List.of("instance_name"),
      List.of(List.of("name", "route", "service", "consumer")),
      List.of(new ForeignKey("route", "routes", CASCADE), new ForeignKey("service", "services", CASCADE),
          new ForeignKey("consumer", "consumers", CASCADE)),
      true, false);
  public static final TableSpec KEYAUTH_CREDENTIALS = new TableSpec("keyauth_credentials", "key", List.of("key"),
      List.of(), List.of(new ForeignKey("consumer", "consumers", CASCADE)), true, true);
  public static final TableSpec UPSTREAMS =
      new TableSpec("upstreams", "name", List.of("name"), List.of(), List.of(), true, false);
  public static final TableSpec TARGETS = new TableSpec("targets", "target", List.of(),
      List.of(List.of("upstream", "target")), List.of(new ForeignKey("upstream", "upstreams", CASCADE)), true, false);
  /** test-only: a child of a credential, so consumer deletes cascade two levels */
  public static final TableSpec CREDENTIAL_NOTES = new TableSpec("credential_notes", null, List.of(), List.of(),
      List.of(new ForeignKey("credential", "keyauth_credentials", CASCADE)), false, false);
  /** test-only: a SET_NULL reference inside a composite unique */
  public static final TableSpec BOOKMARKS = new TableSpec("bookmarks", null, List.of(),
      List.of(List.of("label", "service")), List.of(new ForeignKey("service", "services", SET_NULL)), false, false);

  public static final List<TableSpec> ALL = List.of(SERVICES, ROUTES, CONSUMERS, PLUGINS, KEYAUTH_CREDENTIALS,
      UPSTREAMS, TARGETS, CREDENTIAL_NOTES, BOOKMARKS);

  private ContractTables() {}

  public static void registerAll(ConfigStore store) {
    ALL.forEach(store::register);
  }

  public static String newId() {
    return UUID.randomUUID().toString();
  }

  public static ObjectNode service(String name, String... tags) {
    ObjectNode s = entity().put("name", name).put("host", "example.com").put("port", 80);
    s.set("tags", tags(tags));
    return s;
  }

  public static ObjectNode route(String name, String serviceId) {
    ObjectNode r = entity().put("name", name);
    r.set("service", ref(serviceId));
    r.set("paths", Json.array().add("/" + name));
    return r;
  }

  public static ObjectNode consumer(String username, @Nullable String customId) {
    return entity().put("username", username).put("custom_id", customId);
  }

  public static ObjectNode plugin(String name, @Nullable String serviceId, @Nullable String routeId,
      @Nullable String consumerId) {
    ObjectNode p = entity().put("name", name);
    p.set("service", ref(serviceId));
    p.set("route", ref(routeId));
    p.set("consumer", ref(consumerId));
    p.set("config", Json.object());
    return p;
  }

  public static ObjectNode credential(String key, String consumerId) {
    ObjectNode c = entity().put("key", key);
    c.set("consumer", ref(consumerId));
    return c;
  }

  public static ObjectNode upstream(String name) {
    return entity().put("name", name);
  }

  public static ObjectNode target(String upstreamId, String target) {
    ObjectNode t = entity().put("target", target).put("weight", 100);
    t.set("upstream", ref(upstreamId));
    return t;
  }

  public static ObjectNode note(String credentialId) {
    ObjectNode n = entity().put("text", "note");
    n.set("credential", ref(credentialId));
    return n;
  }

  public static ObjectNode bookmark(String label, @Nullable String serviceId) {
    ObjectNode b = entity().put("label", label);
    b.set("service", ref(serviceId));
    return b;
  }

  public static ObjectNode entity() {
    return Json.object().put("id", newId()).put("created_at", 1700000000);
  }

  public static com.fasterxml.jackson.databind.JsonNode ref(@Nullable String id) {
    return id == null ? Json.NODES.nullNode() : Json.object().put("id", id);
  }

  public static ArrayNode tags(String... tags) {
    ArrayNode a = Json.array();
    for (String t : tags) {
      a.add(t);
    }
    return a;
  }

  public static String id(ObjectNode entity) {
    return entity.get("id").asText();
  }
}
