package io.gatehouse.plugins.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.entity.CoreEntities;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.model.ConfigSnapshot;
import io.gatehouse.core.schema.EntityProcessor;
import io.gatehouse.core.schema.PluginCatalog;
import io.gatehouse.core.schema.SchemaRegistry;
import io.gatehouse.proxy.ProxyOptions;
import io.gatehouse.proxy.ProxyServer;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import io.gatehouse.proxy.testing.EchoUpstream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A proxy running the bundled plugins, an echo upstream and a client, with entities written through
 * the real schemas (defaults, checks, plugin config validation) like the Admin API does:
 * {@code gw.insert("plugins", "{\"name\":\"key-auth\",\"service\":{\"id\":\"…\"}}"); gw.apply();}.
 */
public final class PluginGateway implements AutoCloseable {
  private final ProxyServer server;
  private final EchoUpstream echo = EchoUpstream.start();
  private final SchemaRegistry registry;
  private final EntityProcessor processor = new EntityProcessor(Clock.systemUTC());
  private final Map<String, List<ObjectNode>> tables = new LinkedHashMap<>();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private long version;

  public PluginGateway() {
    this(LoadedPlugins.load(List.of("bundled"), PluginGateway.class.getClassLoader()));
  }

  public PluginGateway(LoadedPlugins plugins) {
    this(plugins, b -> b);
  }

  /** A gateway whose node has these tracing settings (kong.conf {@code tracing_instrumentations}, {@code tracing_sampling_rate}). */
  public static PluginGateway withTracing(io.gatehouse.sdk.TracingSettings tracing) {
    LoadedPlugins plugins = LoadedPlugins.load(List.of("bundled"), PluginGateway.class.getClassLoader());
    plugins.start(io.gatehouse.proxy.plugins.PluginServices.NONE.andTracing(tracing));
    return new PluginGateway(plugins);
  }

  /** A gateway with changed proxy settings ({@code trusted_ips}, {@code real_ip_header} …). */
  public PluginGateway(java.util.function.UnaryOperator<ProxyOptions.Builder> options) {
    this(LoadedPlugins.load(List.of("bundled"), PluginGateway.class.getClassLoader()), options);
  }

  /** These plugins with changed proxy settings. */
  public PluginGateway(LoadedPlugins plugins, java.util.function.UnaryOperator<ProxyOptions.Builder> options) {
    PluginCatalog catalog = plugins.fill(new PluginCatalog());
    this.registry = plugins.registerEntities(CoreEntities.registry(catalog));
    this.server = ProxyServer.start(options.apply(ProxyOptions.builder().listen("127.0.0.1", 0).workerThreads(1)).build(),
        plugins);
  }

  /** Validates and adds an entity as a POST would; returns it with defaults and id. */
  public ObjectNode insert(String table, String json) {
    ObjectNode e = processor.insert(registry.table(table).orElseThrow(), (ObjectNode) Json.parse(json));
    tables.computeIfAbsent(table, t -> new ArrayList<>()).add(e);
    return e;
  }

  /** Adds a row as stored, skipping write transformations (a declarative {@code _transform: false} import). */
  public ObjectNode row(String table, String json) {
    ObjectNode e = (ObjectNode) Json.parse(json);
    tables.computeIfAbsent(table, t -> new ArrayList<>()).add(e);
    return e;
  }

  /** A service pointing at the echo upstream plus a route with this path; returns the route. */
  public ObjectNode serviceAndRoute(String path) {
    ObjectNode svc = insert("services", "{\"host\":\"127.0.0.1\",\"port\":" + echo.port() + "}");
    return insert("routes", "{\"paths\":[\"" + path + "\"],\"service\":{\"id\":\"" + id(svc) + "\"}}");
  }

  /** Adds a plugin instance; {@code scope} is extra JSON members like {@code "route":{"id":"…"}} or empty. */
  public ObjectNode plugin(String name, String config, String scope) {
    return insert("plugins", "{\"name\":\"" + name + "\",\"config\":" + config + (scope.isEmpty() ? "" : "," + scope) + "}");
  }

  public ObjectNode consumer(String username) {
    return insert("consumers", "{\"username\":\"" + username + "\"}");
  }

  public static String id(JsonNode e) {
    return e.get("id").asText();
  }

  public static String ref(String field, JsonNode e) {
    return "\"" + field + "\":{\"id\":\"" + id(e) + "\"}";
  }

  /** Removes an inserted entity (by id) from what the next {@link #apply} serves. */
  public void delete(String table, JsonNode e) {
    tables.getOrDefault(table, new ArrayList<>()).removeIf(x -> x.get("id").asText().equals(id(e)));
  }

  /** Makes the proxy serve what was inserted so far. */
  public void apply() {
    server.apply(ConfigSnapshot.of(++version, new LinkedHashMap<>(tables)));
  }

  public HttpResponse<String> get(String pathAndQuery, String... headers) {
    return send("GET", pathAndQuery, headers);
  }

  public HttpResponse<String> send(String method, String pathAndQuery, String... headers) {
    return send(method, pathAndQuery, HttpRequest.BodyPublishers.noBody(), headers);
  }

  /** A request with a body (a publisher of unknown length goes out chunked). */
  public HttpResponse<String> send(String method, String pathAndQuery, HttpRequest.BodyPublisher body,
      String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + pathAndQuery))
        .timeout(Duration.ofSeconds(20)).method(method, body);
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b.build());
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public int port() {
    return server.boundAddresses().getFirst().getPort();
  }

  /** The first TLS listener's port (start with {@code b -> b.tlsListen(...).defaultCertificates(...)}). */
  public int tlsPort() {
    return server.boundTlsAddresses().getFirst().getPort();
  }

  public int echoPort() {
    return echo.port();
  }

  /** How many requests reached the echo upstream. */
  public int upstreamRequests() {
    return echo.requests();
  }

  /** A raw HTTP/1.1 exchange, for headers the JDK client refuses to send ({@code Proxy-Authorization}). */
  public io.gatehouse.proxy.testing.RawClient.Response raw(String path, String... headerLines) throws IOException {
    try (var raw = new io.gatehouse.proxy.testing.RawClient(server.boundAddresses().getFirst())) {
      StringBuilder req = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
      for (String h : headerLines) {
        req.append(h).append("\r\n");
      }
      return raw.send(req.append("\r\n").toString()).readResponse();
    }
  }

  /** The headers the upstream received, from the echo body. */
  public static JsonNode upstreamHeaders(HttpResponse<String> r) {
    return Json.parse(r.body()).get("headers");
  }

  @Override
  public void close() {
    server.close();
    echo.close();
  }
}
