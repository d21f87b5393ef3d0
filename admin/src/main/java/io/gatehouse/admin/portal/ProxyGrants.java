package io.gatehouse.admin.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.EntityProcessor;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.core.schema.SchemaRegistry;
import io.gatehouse.store.PageQuery;
import io.gatehouse.store.StoreTransaction;
import io.gatehouse.store.portal.ApiProduct;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * What the portal writes as ordinary Kong entities, so the proxy enforces approval with the plugins
 * it already runs: each product's services and routes carry {@code key-auth} (or, for an
 * {@code oauth2} product, {@code oauth2} with client credentials; {@link OAuth2Clients}) and an
 * {@code acl} allowing group {@code portal-product-<id>}; an application is a consumer with a key-auth
 * credential and an oauth2 client; an approved subscription gives that consumer the group plus a {@code rate-limiting}
 * plugin scoped to it and each of the product's services and routes. A {@code cors} plugin on each
 * scope lets the portal's pages call the proxy (the docs' try-it console). Everything written is tagged
 * {@value #TAG}. Each method writes in the store transaction it is given ({@link PortalTransactions}), with
 * the portal rows that go with it, so the proxy sees an operation in one snapshot.
 */
final class ProxyGrants {
  static final String TAG = "gatehouse-portal";

  private final SchemaRegistry registry;
  private final EntityProcessor processor;
  private final SecureRandom random = new SecureRandom();
  private final OAuth2Clients oauth2 = new OAuth2Clients(random);
  private final java.util.function.Supplier<List<String>> portalOrigins;

  /** @param portalOrigins the portal pages' origins, which each product's {@code cors} plugin allows */
  ProxyGrants(SchemaRegistry registry, EntityProcessor processor, java.util.function.Supplier<List<String>> portalOrigins) {
    this.registry = registry;
    this.processor = processor;
    this.portalOrigins = portalOrigins;
  }

  static String group(String productId) {
    return "portal-product-" + productId;
  }

  /**
   * Puts the product's auth plugin ({@code key-auth}, or {@code oauth2} for client credentials), its
   * acl group and the portal's CORS on each of its services and routes.
   */
  void guard(StoreTransaction tx, ApiProduct p) {
    List<String> origins = corsOrigins();
    forEachScope(p, (field, id) -> {
      if (!origins.isEmpty()) cors(tx, field, id, origins, true);
      authPlugin(tx, p, field, id);
      Optional<ObjectNode> acl = plugin(tx, "acl", field, id, null);
      if (acl.isEmpty()) {
        ObjectNode config = Json.object();
        config.set("allow", Json.array().add(group(p.id())));
        config.put("hide_groups_header", true);
        insert(tx, "plugins", scoped("acl", field, id).<ObjectNode>set("config", config).set("tags", tags()));
      } else {
        JsonNode allow = acl.get().path("config").path("allow");
        if (!allow.isArray()) {
          throw KongException.schemaViolation(Json.object().put(field + "_ids", "the " + field + " " + id
              + " has an acl plugin in deny mode; the portal needs allow mode there"));
        }
        if (!contains(allow, group(p.id()))) {
          ArrayNode more = ((ArrayNode) allow).deepCopy().add(group(p.id()));
          ObjectNode patch = Json.object();
          patch.set("config", Json.object().set("allow", more));
          update(tx, "plugins", acl.get(), patch);
        }
      }
    });
  }

  /** Takes the product's group out of its acl plugins; removes the plugins the portal wrote once nothing is left. */
  void unguard(StoreTransaction tx, ApiProduct p) {
    forEachScope(p, (field, id) -> plugin(tx, "acl", field, id, null).ifPresent(acl -> {
      JsonNode allow = acl.path("config").path("allow");
      if (!allow.isArray()) return;
      ArrayNode rest = Json.array();
      allow.forEach(g -> {
        if (!g.asText().equals(group(p.id()))) rest.add(g);
      });
      if (rest.isEmpty() && tagged(acl)) {
        tx.delete("plugins", acl.get("id").asText());
        for (String name : List.of("key-auth", "oauth2", "cors")) {
          plugin(tx, name, field, id, null).filter(ProxyGrants::tagged)
              .ifPresent(k -> tx.delete("plugins", k.get("id").asText()));
        }
      } else if (rest.size() != allow.size()) {
        ObjectNode patch = Json.object();
        patch.set("config", Json.object().set("allow", rest));
        update(tx, "plugins", acl, patch);
      }
    }));
  }

  /**
   * The product's auth plugin on a scope, written unless one of that name is there. The portal's own
   * plugin of the other kind there (another product's on the same service or route) would make
   * callers need both: refused, 400.
   */
  private void authPlugin(StoreTransaction tx, ApiProduct p, String field, String id) {
    String other = p.auth().equals(ApiProduct.OAUTH2) ? ApiProduct.KEY_AUTH : ApiProduct.OAUTH2;
    if (plugin(tx, other, field, id, null).filter(ProxyGrants::tagged).isPresent()) {
      throw KongException.schemaViolation(Json.object().put(field + "_ids", "the " + field + " " + id
          + " is guarded by " + other + " for another product; a product on it needs auth '" + other + "'"));
    }
    if (plugin(tx, p.auth(), field, id, null).isPresent()) return;
    ObjectNode plugin = scoped(p.auth(), field, id);
    if (p.auth().equals(ApiProduct.OAUTH2)) plugin.set("config", oauth2.pluginConfig());
    insert(tx, "plugins", plugin.set("tags", tags()));
  }

  /**
   * Points the portal's own {@code cors} plugins on the product's scopes at the portal's current
   * origins (a listener moved, {@code portal_cors_origins} changed); adds none and touches no other plugin. Nothing is written when they match.
   */
  void followOrigins(StoreTransaction tx, ApiProduct p) {
    List<String> origins = corsOrigins();
    if (origins.isEmpty()) return;
    forEachScope(p, (field, id) -> cors(tx, field, id, origins, false));
  }

  /**
   * The portal's {@code cors} plugin on a scope: written when missing (if {@code add}); the portal's
   * own follows {@code origins}; an operator's plugin gains the origins it lacks, unless it allows any.
   */
  private void cors(StoreTransaction tx, String field, String id, List<String> origins, boolean add) {
    Optional<ObjectNode> cors = plugin(tx, "cors", field, id, null);
    if (cors.isEmpty()) {
      if (add) {
        ObjectNode config = Json.object();
        config.set("origins", Json.MAPPER.valueToTree(origins));
        insert(tx, "plugins", scoped("cors", field, id).<ObjectNode>set("config", config).set("tags", tags()));
      }
      return;
    }
    JsonNode have = cors.get().path("config").path("origins");
    ArrayNode next;
    if (tagged(cors.get())) {
      next = Json.MAPPER.valueToTree(origins);
    } else {
      if (!have.isArray() || have.isEmpty() || contains(have, "*")) return; // allows every origin already
      next = ((ArrayNode) have).deepCopy();
      origins.stream().filter(o -> !contains(have, o)).forEach(next::add);
    }
    if (!next.equals(have)) {
      ObjectNode patch = Json.object();
      patch.set("config", Json.object().set("origins", next));
      update(tx, "plugins", cors.get(), patch);
    }
  }

  /** The portal's origins as cors entries ({@link PortalOrigins#forCors}). */
  private List<String> corsOrigins() {
    return portalOrigins.get();
  }

  /**
   * What an application authenticates with, in clear, shown once: its key-auth key and its OAuth 2.0
   * client (null when the node does not load the oauth2 plugin).
   */
  record Credentials(String key, OAuth2Clients.@org.jspecify.annotations.Nullable Client oauth2) {}

  /** An application's consumer and its credentials. */
  record NewConsumer(String consumerId, Credentials credentials) {}

  /** A new consumer for an application, with a generated key-auth key and OAuth 2.0 client. */
  NewConsumer newConsumer(StoreTransaction tx, String applicationId, String applicationName) {
    String key = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
    OAuth2Clients.Client client = oauth2Loaded() ? oauth2.newClient(null) : null;
    ObjectNode consumer = insert(tx, "consumers", Json.object().put("username", "portal-app-" + applicationId)
        .put("custom_id", applicationId).set("tags", tags()));
    String consumerId = consumer.get("id").asText();
    insert(tx, "keyauth_credentials", Json.object().<ObjectNode>set("consumer", Json.object().put("id", consumerId))
        .put("key", key).set("tags", tags()));
    if (client != null) {
      insert(tx, OAuth2Clients.TABLE, OAuth2Clients.credential(consumerId, applicationName, client).set("tags", tags()));
    }
    return new NewConsumer(consumerId, new Credentials(key, client));
  }

  /**
   * Deletes an application's consumer; its key, acl groups and rate-limiting plugins go with it
   * (the schemas' cascades), so the key stops working at the next snapshot.
   */
  void deleteConsumer(StoreTransaction tx, String consumerId) {
    tx.delete("consumers", consumerId);
  }

  /**
   * Replaces the consumer's portal key-auth key and OAuth 2.0 client secret with new ones (one
   * transaction: the old ones stop as the new ones start). The client keeps its id; its tokens stop
   * with the old row. An application from before OAuth 2.0 clients gets its first one.
   */
  Credentials rotateKey(StoreTransaction tx, String consumerId, String applicationName) {
    String key = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
    boolean withClient = oauth2Loaded();
    tx.list("keyauth_credentials", PageQuery.first(1000).withForeign("consumer", consumerId)).data().stream()
        .filter(ProxyGrants::tagged).forEach(k -> tx.delete("keyauth_credentials", k.get("id").asText()));
    insert(tx, "keyauth_credentials", Json.object().<ObjectNode>set("consumer", Json.object().put("id", consumerId))
        .put("key", key).set("tags", tags()));
    if (!withClient) return new Credentials(key, null);
    String clientId = null;
    for (ObjectNode old : tx.list(OAuth2Clients.TABLE, PageQuery.first(1000).withForeign("consumer", consumerId)).data()) {
      if (!tagged(old)) continue;
      if (clientId == null) clientId = old.path("client_id").asText(null);
      tx.delete(OAuth2Clients.TABLE, old.get("id").asText());
    }
    OAuth2Clients.Client client = oauth2.newClient(clientId);
    insert(tx, OAuth2Clients.TABLE, OAuth2Clients.credential(consumerId, applicationName, client).set("tags", tags()));
    return new Credentials(key, client);
  }

  /** The OAuth 2.0 client id of the consumer's portal client (not a secret), or null when it has none. */
  @org.jspecify.annotations.Nullable String clientId(io.gatehouse.store.EntityReads entities, String consumerId) {
    if (!oauth2Loaded()) return null;
    return entities.list(OAuth2Clients.TABLE, PageQuery.first(1000).withForeign("consumer", consumerId)).data().stream()
        .filter(ProxyGrants::tagged).map(c -> c.path("client_id").asText(null)).filter(java.util.Objects::nonNull)
        .findFirst().orElse(null);
  }

  private boolean oauth2Loaded() {
    return registry.table(OAuth2Clients.TABLE).isPresent();
  }

  /** Gives the consumer the product's group and the plan's rate limits on each of its services and routes. */
  void grant(StoreTransaction tx, ApiProduct p, Plan plan, String consumerId) {
    boolean has = tx.list("acls", PageQuery.first(1000).withForeign("consumer", consumerId)).data().stream()
        .anyMatch(a -> a.path("group").asText().equals(group(p.id())));
    if (!has) {
      insert(tx, "acls", Json.object().<ObjectNode>set("consumer", Json.object().put("id", consumerId))
          .put("group", group(p.id())).set("tags", tags()));
    }
    forEachScope(p, (field, id) -> {
      plugin(tx, "rate-limiting", field, id, consumerId).filter(ProxyGrants::tagged)
          .ifPresent(old -> tx.delete("plugins", old.get("id").asText()));
      if (!plan.limits().isEmpty()) {
        ObjectNode rl = scoped("rate-limiting", field, id);
        rl.set("consumer", Json.object().put("id", consumerId));
        rl.set("config", plan.rateLimitingConfig());
        insert(tx, "plugins", rl.set("tags", tags()));
      }
    });
  }

  /** Takes the group and the consumer's portal rate limits on the product away again. */
  void revoke(StoreTransaction tx, ApiProduct p, String consumerId) {
    tx.list("acls", PageQuery.first(1000).withForeign("consumer", consumerId)).data().stream()
        .filter(a -> a.path("group").asText().equals(group(p.id())))
        .forEach(a -> tx.delete("acls", a.get("id").asText()));
    forEachScope(p, (field, id) -> plugin(tx, "rate-limiting", field, id, consumerId).filter(ProxyGrants::tagged)
        .ifPresent(old -> tx.delete("plugins", old.get("id").asText())));
  }

  // --- helpers -------------------------------------------------------------------------------

  private interface ScopeWork {
    void run(String field, String id);
  }

  private static void forEachScope(ApiProduct p, ScopeWork work) {
    p.serviceIds().forEach(id -> work.run("service", id));
    p.routeIds().forEach(id -> work.run("route", id));
  }

  /** The plugin of this name on exactly this scope (service or route, and consumer or none). */
  private static Optional<ObjectNode> plugin(StoreTransaction tx, String name, String field, String id,
      @org.jspecify.annotations.Nullable String consumerId) {
    List<ObjectNode> all = tx.list("plugins", PageQuery.first(1000).withForeign(field, id)).data();
    String other = field.equals("service") ? "route" : "service";
    return all.stream()
        .filter(pl -> pl.path("name").asText().equals(name))
        .filter(pl -> Json.foreignId(pl, other) == null)
        .filter(pl -> java.util.Objects.equals(Json.foreignId(pl, "consumer"), consumerId))
        .findFirst();
  }

  private static ObjectNode scoped(String name, String field, String id) {
    ObjectNode pl = Json.object().put("name", name);
    pl.set(field, Json.object().put("id", id));
    return pl;
  }

  private ObjectNode insert(StoreTransaction tx, String table, ObjectNode input) {
    return tx.insert(table, processor.insert(schema(table), input));
  }

  private void update(StoreTransaction tx, String table, ObjectNode existing, ObjectNode patch) {
    tx.upsert(table, processor.update(schema(table), existing, patch));
  }

  private Schema schema(String table) {
    return registry.table(table).orElseThrow(() -> new IllegalStateException(
        "the portal needs the " + table + " entity (is its plugin loaded?)"));
  }

  private static boolean tagged(ObjectNode entity) {
    return contains(entity.path("tags"), TAG);
  }

  private static boolean contains(JsonNode array, String value) {
    for (JsonNode v : array) {
      if (v.asText().equals(value)) return true;
    }
    return false;
  }

  private static ArrayNode tags() {
    return Json.array().add(TAG);
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
