package io.gatehouse.admin.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.store.ConfigStore;
import io.gatehouse.store.PageQuery;
import io.gatehouse.store.portal.ApiProduct;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A product's OpenAPI document as the portal's try-it console (Swagger UI) needs it: JSON, its
 * servers the proxy's URLs for the product's routes (so calls go through the gateway, never to the
 * upstream), and the key of the product's {@code key-auth} plugin as a security scheme that every
 * operation requires besides its own (the proxy asks for it whatever the upstream does); for an
 * {@code oauth2} product, that scheme is OAuth 2.0's client credentials flow at the proxy's
 * {@code …/oauth2/token}.
 */
final class TryIt {
  /** The security scheme carrying the application's key. */
  static final String SCHEME = "gatehouse_key";
  /** The security scheme of an {@code oauth2} product: a token from the client credentials flow. */
  static final String OAUTH2_SCHEME = "gatehouse_oauth2";
  private static final java.util.regex.Pattern HOST_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9.:-]+");
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  /** Where key-auth reads the key: its first {@code key_names} entry, in a header or the query. */
  record KeyAuth(String name, String in) {}

  /** The scheme every operation requires: its name, and its definition in OpenAPI 3 and in Swagger 2. */
  record Scheme(String name, ObjectNode openapi3, ObjectNode swagger2) {}

  private final ConfigStore config;
  private final DocsSettings settings;

  TryIt(ConfigStore config, DocsSettings settings) {
    this.config = config;
    this.settings = settings;
  }

  /**
   * The product's document for try-it, or null when it has none.
   *
   * @param hostHeader the {@code Host} of the page's request to the developers' API: without
   *     {@code proxy_url}, browsers reach the proxy on that host name
   */
  @Nullable ObjectNode document(ApiProduct p, @Nullable String hostHeader) {
    JsonNode read = p.openapi() == null ? null : OpenApiOutline.read(p.openapi());
    if (!(read instanceof ObjectNode doc)) return null;
    List<String> servers = new ArrayList<>();
    String base = base(hostHeader);
    List<String> paths = basePaths(p);
    paths.forEach(path -> servers.add(base + path));
    Scheme scheme = scheme(p, paths.getFirst(), hostHeader);
    if (doc.has("swagger")) {
      swagger2(doc, servers.getFirst(), scheme);
    } else {
      openapi3(doc, servers, scheme);
    }
    forEachOperation(doc, op -> {
      op.remove("servers"); // an operation's own servers would bypass the gateway
      if (op.has("security")) op.set("security", withScheme(op.get("security"), scheme.name()));
    });
    doc.set("security", withScheme(doc.get("security"), scheme.name()));
    return doc;
  }

  /** What the proxy asks callers of the product for: the key-auth key, or an OAuth 2.0 token. */
  private Scheme scheme(ApiProduct p, String basePath, @Nullable String hostHeader) {
    if (!p.auth().equals(ApiProduct.OAUTH2)) {
      KeyAuth key = keyAuth(p);
      ObjectNode def = Json.object().put("type", "apiKey").put("name", key.name()).put("in", key.in())
          .put("description", "Your application's key (the gateway's key-auth)");
      return new Scheme(SCHEME, def, def);
    }
    String tokenUrl = tokenBase(hostHeader) + basePath + "/oauth2/token";
    String about = "A token for your application's client_id and client_secret (the gateway's oauth2, client credentials)";
    ObjectNode v3 = Json.object().put("type", "oauth2").put("description", about);
    v3.putObject("flows").putObject("clientCredentials").put("tokenUrl", tokenUrl).putObject("scopes");
    ObjectNode v2 = Json.object().put("type", "oauth2").put("flow", "application").put("tokenUrl", tokenUrl)
        .put("description", about);
    v2.putObject("scopes");
    return new Scheme(OAUTH2_SCHEME, v3, v2);
  }

  /**
   * Where browsers reach the token endpoint, which oauth2 serves over HTTPS only: {@code proxy_url}
   * when set, else the page's host on the proxy's first TLS port (the plain base when there is none).
   */
  String tokenBase(@Nullable String hostHeader) {
    int tls = settings.proxyTlsPort().getAsInt();
    return settings.proxyUrl() != null || tls <= 0 ? base(hostHeader) : "https://" + hostName(hostHeader) + ":" + tls;
  }

  /** The proxy's URL as browsers reach it, without a trailing slash. */
  String base(@Nullable String hostHeader) {
    String url = settings.proxyUrl();
    if (url != null) return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    String host = hostName(hostHeader);
    int plain = settings.proxyPort().getAsInt();
    return plain > 0 ? "http://" + host + ":" + plain : "https://" + host + ":" + settings.proxyTlsPort().getAsInt();
  }

  /**
   * The path prefixes under which the proxy serves the product: each plain path of its routes (and
   * its services' routes) when the route strips it, else the root; regex paths are left out.
   */
  List<String> basePaths(ApiProduct p) {
    List<JsonNode> routes = new ArrayList<>();
    p.routeIds().forEach(id -> config.get("routes", id).ifPresent(routes::add));
    p.serviceIds().forEach(id -> routes.addAll(config.list("routes", PageQuery.first(1000).withForeign("service", id)).data()));
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode r : routes) {
      JsonNode paths = r.path("paths");
      boolean strip = r.path("strip_path").asBoolean(true);
      if (!paths.isArray() || paths.isEmpty()) out.add("");
      for (JsonNode path : paths) {
        String s = path.asText();
        if (s.startsWith("~")) continue;
        out.add(strip ? (s.endsWith("/") ? s.substring(0, s.length() - 1) : s) : "");
      }
    }
    if (out.isEmpty()) out.add("");
    return List.copyOf(out);
  }

  /** The key-auth plugin on the product's first scope that has one (the portal writes one on each). */
  KeyAuth keyAuth(ApiProduct p) {
    List<String[]> scopes = new ArrayList<>();
    p.serviceIds().forEach(id -> scopes.add(new String[] {"service", id}));
    p.routeIds().forEach(id -> scopes.add(new String[] {"route", id}));
    for (String[] scope : scopes) {
      Optional<ObjectNode> plugin = config.list("plugins", PageQuery.first(1000).withForeign(scope[0], scope[1])).data()
          .stream().filter(pl -> pl.path("name").asText().equals("key-auth") && Json.foreignId(pl, "consumer") == null)
          .findFirst();
      if (plugin.isPresent()) {
        JsonNode c = plugin.get().path("config");
        String name = c.path("key_names").path(0).asText("apikey");
        boolean inHeader = c.path("key_in_header").asBoolean(true) || !c.path("key_in_query").asBoolean(true);
        return new KeyAuth(name, inHeader ? "header" : "query");
      }
    }
    return new KeyAuth("apikey", "header"); // key-auth's defaults
  }

  private static void openapi3(ObjectNode doc, List<String> servers, Scheme scheme) {
    ArrayNode list = doc.putArray("servers");
    servers.forEach(url -> list.addObject().put("url", url).put("description", "the API gateway"));
    forEachPathItem(doc, item -> item.remove("servers"));
    object(object(doc, "components"), "securitySchemes").set(scheme.name(), scheme.openapi3());
  }

  private static void swagger2(ObjectNode doc, String server, Scheme scheme) {
    URI uri = URI.create(server);
    doc.putArray("schemes").add(uri.getScheme());
    doc.put("host", uri.getRawAuthority());
    doc.put("basePath", uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
    object(doc, "securityDefinitions").set(scheme.name(), scheme.swagger2());
  }

  /** Each requirement with the gateway's scheme added; none (or an empty list): the scheme alone. */
  private static ArrayNode withScheme(@Nullable JsonNode security, String scheme) {
    ArrayNode out = Json.array();
    if (security != null && security.isArray()) {
      for (JsonNode req : security) {
        if (req.isObject()) {
          ObjectNode copy = ((ObjectNode) req).deepCopy();
          copy.putArray(scheme);
          out.add(copy);
        }
      }
    }
    if (out.isEmpty()) out.addObject().putArray(scheme);
    return out;
  }

  private static void forEachPathItem(ObjectNode doc, java.util.function.Consumer<ObjectNode> f) {
    doc.path("paths").forEach(item -> {
      if (item instanceof ObjectNode o) f.accept(o);
    });
  }

  private static void forEachOperation(ObjectNode doc, java.util.function.Consumer<ObjectNode> f) {
    forEachPathItem(doc, item -> item.properties().forEach(e -> {
      if (METHODS.contains(e.getKey()) && e.getValue() instanceof ObjectNode op) f.accept(op);
    }));
  }

  private static ObjectNode object(ObjectNode parent, String field) {
    return parent.get(field) instanceof ObjectNode o ? o : parent.putObject(field);
  }

  /** The host name of a {@code Host} header ({@code [::1]:8004} → {@code [::1]}); localhost when absent. */
  static String hostName(@Nullable String hostHeader) {
    if (hostHeader == null || hostHeader.isBlank()) return "localhost";
    String h = hostHeader.trim();
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end > 0 && HOST_NAME.matcher(h.substring(1, end)).matches() ? h.substring(0, end + 1) : "localhost";
    }
    int colon = h.indexOf(':');
    String name = colon < 0 ? h : h.substring(0, colon);
    return HOST_NAME.matcher(name).matches() ? name : "localhost"; // a Host that is no host name builds no URL
  }
}
