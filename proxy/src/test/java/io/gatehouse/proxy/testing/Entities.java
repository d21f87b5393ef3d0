package io.gatehouse.proxy.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.model.ConfigSnapshot;
import io.gatehouse.core.model.Route;
import io.gatehouse.core.model.Service;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Builds Kong-shaped entities and {@link ConfigSnapshot}s in a line or two, like Kong's test
 * blueprints: {@code Entities.snapshot(1, b -> b.service("http://127.0.0.1:9000/").route("/example"))}.
 * Defaults are filled as the Admin API would.
 */
public final class Entities {
  private final List<ObjectNode> services = new ArrayList<>();
  private final List<ObjectNode> routes = new ArrayList<>();
  private final Map<String, List<ObjectNode>> extra = new LinkedHashMap<>();
  private ObjectNode lastService;

  public static ConfigSnapshot snapshot(long version, Consumer<Entities> body) {
    Entities e = new Entities();
    body.accept(e);
    return e.build(version);
  }

  public ConfigSnapshot build(long version) {
    Map<String, List<ObjectNode>> all = new LinkedHashMap<>(extra);
    all.put("services", List.copyOf(services));
    all.put("routes", List.copyOf(routes));
    return ConfigSnapshot.of(version, all);
  }

  /** Adds a service from a URL (Kong's {@code url} shorthand) and makes it current for routes. */
  public Entities service(String url) {
    return service(url, s -> {});
  }

  public Entities service(String url, Consumer<ObjectNode> customize) {
    URI u = URI.create(url);
    ObjectNode s = Json.object();
    s.put("id", UUID.randomUUID().toString());
    s.putNull("name");
    s.put("protocol", u.getScheme());
    s.put("host", u.getHost());
    s.put("port", u.getPort() > 0 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80);
    if (u.getRawPath() == null || u.getRawPath().isEmpty()) s.putNull("path");
    else s.put("path", u.getRawPath());
    s.put("retries", 5);
    s.put("connect_timeout", 60000);
    s.put("write_timeout", 60000);
    s.put("read_timeout", 60000);
    s.put("enabled", true);
    customize.accept(s);
    services.add(s);
    lastService = s;
    return this;
  }

  /** Adds a route with these paths to the current service. */
  public Entities route(String... paths) {
    return route(r -> r.set("paths", strings(paths)));
  }

  /** Adds a route to the current service (or none), customized freely. */
  public Entities route(Consumer<ObjectNode> customize) {
    ObjectNode r = Json.object();
    r.put("id", UUID.randomUUID().toString());
    r.set("protocols", strings("http", "https"));
    r.put("strip_path", true);
    r.put("preserve_host", false);
    r.put("regex_priority", 0);
    r.put("https_redirect_status_code", 426);
    r.put("path_handling", "v0");
    r.put("request_buffering", true);
    r.put("response_buffering", true);
    if (lastService != null) {
      r.set("service", Json.object().put("id", lastService.get("id").asText()));
    } else {
      r.putNull("service");
    }
    customize.accept(r);
    routes.add(r);
    return this;
  }

  /** Routes added after this have no service (Kong answers 503). */
  public Entities noService() {
    lastService = null;
    return this;
  }

  /**
   * Adds an upstream with Kong's defaults (round-robin, no health checks), customized freely;
   * {@code healthchecks} may be set to a partial record (missing fields take Kong's defaults).
   */
  public Entities upstream(String name, Consumer<ObjectNode> customize) {
    ObjectNode u = Json.object();
    u.put("id", UUID.randomUUID().toString());
    u.put("name", name);
    u.put("algorithm", "round-robin");
    u.put("hash_on", "none");
    u.put("hash_fallback", "none");
    u.put("hash_on_cookie_path", "/");
    u.put("slots", 10000);
    u.set("healthchecks", Json.object());
    u.put("use_srv_name", false);
    customize.accept(u);
    return rows("upstreams", u);
  }

  /** Adds a target ({@code host:port}) with a weight to the upstream of that name added before. */
  public Entities target(String upstreamName, String target, int weight) {
    ObjectNode up = extra.getOrDefault("upstreams", List.of()).stream()
        .filter(u -> u.get("name").asText().equals(upstreamName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no upstream " + upstreamName));
    ObjectNode t = Json.object();
    t.put("id", UUID.randomUUID().toString());
    t.put("target", target);
    t.put("weight", weight);
    t.set("upstream", Json.object().put("id", up.get("id").asText()));
    return rows("targets", t);
  }

  /** Adds a certificate (Kong's shape) and an SNI of each name pointing to it. */
  public Entities certificate(io.gatehouse.proxy.tls.PemKeyPair pair, String... sniNames) {
    return certificate(pair, c -> {}, sniNames);
  }

  /** Adds a certificate, customized freely (e.g. {@code cert_alt}/{@code key_alt}), with SNIs. */
  public Entities certificate(io.gatehouse.proxy.tls.PemKeyPair pair, Consumer<ObjectNode> customize,
      String... sniNames) {
    ObjectNode c = Json.object();
    String id = UUID.randomUUID().toString();
    c.put("id", id);
    c.put("cert", pair.certificateChain());
    c.put("key", pair.privateKey());
    c.set("tags", Json.array());
    customize.accept(c);
    rows("certificates", c);
    for (String name : sniNames) {
      ObjectNode sni = Json.object();
      sni.put("id", UUID.randomUUID().toString());
      sni.put("name", name);
      sni.set("certificate", Json.object().put("id", id));
      rows("snis", sni);
    }
    return this;
  }

  /** Adds raw rows to another table. */
  public Entities rows(String table, ObjectNode... rows) {
    extra.computeIfAbsent(table, k -> new ArrayList<>()).addAll(List.of(rows));
    return this;
  }

  public static ArrayNode strings(String... values) {
    ArrayNode a = Json.array();
    for (String v : values) a.add(v);
    return a;
  }

  /** A bound route for pure router tests. */
  public static Route routeRecord(Consumer<ObjectNode> customize) {
    Entities e = new Entities();
    e.route(customize);
    return Route.from(e.routes.get(0));
  }

  /** A bound service for pure tests. */
  public static Service serviceRecord(String url) {
    Entities e = new Entities();
    e.service(url);
    return Service.from(e.services.get(0));
  }
}
