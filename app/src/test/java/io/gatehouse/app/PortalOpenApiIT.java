package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.gatehouse.admin.http.AdminHttpServer;
import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.core.json.Json;
import io.gatehouse.proxy.ProxyServer;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A product's OpenAPI document fetched from a real local HTTP server ({@code openapi_url}: a URL or a
 * path on the product's service) on create, on a PATCH that sets it and on demand, with too big,
 * too slow, not OpenAPI and failing answers refused in Kong's shapes; and the document the
 * developers' API prepares for try-it (servers = the proxy, the key-auth key as a scheme) with the
 * proxy answering CORS for the portal's pages.
 */
class PortalOpenApiIT {
  private static final String DOC = "openapi: 3.0.0\ninfo: {title: Quotes v%s, version: '%s'}\npaths:\n  /random:\n"
      + "    get: {summary: A random quote, responses: {'200': {description: ok}}}\n";
  @TempDir Path dir;
  private HttpServer docs;
  private final AtomicReference<String> served = new AtomicReference<>(DOC.formatted(1, 1));
  private final List<String> asked = new CopyOnWriteArrayList<>();
  private final CountDownLatch stop = new CountDownLatch(1);

  @BeforeEach
  void startDocs() throws Exception {
    docs = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    docs.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    docs.createContext("/", ex -> {
      String path = ex.getRequestURI().getPath();
      asked.add(path);
      String body = switch (path) {
        case "/openapi.yaml", "/v1/openapi.yaml" -> served.get();
        case "/big.yaml" -> DOC.formatted(1, 1) + "x-padding: '" + "x".repeat(4096) + "'\n";
        case "/page.html" -> "<html><body>Not a document</body></html>";
        default -> null;
      };
      if (path.equals("/slow.yaml")) {
        try {
          stop.await(5, TimeUnit.SECONDS); // longer than the node's 500 ms fetch timeout
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        body = DOC.formatted(1, 1);
      }
      byte[] bytes = body == null ? "nope".getBytes(StandardCharsets.UTF_8) : body.getBytes(StandardCharsets.UTF_8);
      try {
        ex.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
        ex.getResponseBody().write(bytes);
      } catch (java.io.IOException e) {
        // the node gave up on a slow answer
      }
      ex.close();
    });
    docs.start();
  }

  @AfterEach
  void stopDocs() {
    stop.countDown();
    docs.stop(0);
  }

  private String docsUrl(String path) {
    return "http://127.0.0.1:" + docs.getAddress().getPort() + path;
  }

  private static ObjectNode product(String name, String service) {
    ObjectNode p = Json.object().put("name", name);
    p.putArray("service_ids").add(service);
    return p;
  }

  private static void assertRefused(AdminClient.Resp r, String why) {
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.json().get("name").asText()).isEqualTo("schema violation");
    assertThat(r.json().get("code").asInt()).isEqualTo(2);
    assertThat(r.json().get("fields").get("openapi_url").asText()).as(r.toString()).contains(why);
  }

  @Test
  void the_document_is_fetched_on_create_on_patch_and_on_demand_within_bounds() throws Exception {
    Map<String, String> conf = PortalIT.portalSettings(StoreKind.SQLITE);
    conf.put("portal_openapi_fetch_timeout", "500");
    conf.put("portal_openapi_max_size", "2k");
    try (WholeNode n = new WholeNode(dir, conf)) {
      AdminClient admin = n.admin;
      n.serviceAndRoute("quotes", "/quotes");
      n.create("/services", "{\"name\":\"docs\",\"url\":\"" + docsUrl("/v1/") + "\"}");

      // from a URL, on create
      AdminClient.Resp a = admin.post("/portal/products", product("Quotes", "quotes")
          .put("openapi_url", docsUrl("/openapi.yaml")).toString());
      assertThat(a.status()).as(a.toString()).isEqualTo(201);
      assertThat(a.json().get("openapi").asText()).isEqualTo(DOC.formatted(1, 1));
      assertThat(a.json().get("outline").get("title").asText()).isEqualTo("Quotes v1");
      assertThat(a.json().get("openapi_url").asText()).isEqualTo(docsUrl("/openapi.yaml"));
      assertThat(a.json().get("openapi_fetched_at").asLong()).isPositive();

      // from a path on the product's service (its URL's path first)
      AdminClient.Resp b = admin.post("/portal/products", product("Docs", "docs").put("openapi_url", "/openapi.yaml").toString());
      assertThat(b.status()).as(b.toString()).isEqualTo(201);
      assertThat(asked).contains("/v1/openapi.yaml");
      assertThat(b.json().get("outline").get("title").asText()).isEqualTo("Quotes v1");

      // on demand: the new document replaces the stored one; a PATCH that does not set the URL fetches nothing
      served.set(DOC.formatted(2, 2));
      AdminClient.Resp again = admin.post("/portal/products/Quotes/openapi/fetch", "{}");
      assertThat(again.status()).as(again.toString()).isEqualTo(200);
      assertThat(again.json().get("outline").get("title").asText()).isEqualTo("Quotes v2");
      served.set(DOC.formatted(3, 3));
      AdminClient.Resp patched = admin.json("PATCH", "/portal/products/Quotes", "{\"description\":\"Famous quotes\"}");
      assertThat(patched.json().get("outline").get("title").asText()).isEqualTo("Quotes v2");
      patched = admin.json("PATCH", "/portal/products/Quotes", Json.object().put("openapi_url", docsUrl("/openapi.yaml")).toString());
      assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
      assertThat(patched.json().get("outline").get("title").asText()).isEqualTo("Quotes v3");

      // refused, nothing stored: too big, too slow, not OpenAPI, not there, not a URL, both sources
      assertRefused(admin.post("/portal/products", product("Big", "quotes").put("openapi_url", docsUrl("/big.yaml")).toString()),
          "sent more than 2048 bytes");
      long start = System.nanoTime();
      assertRefused(admin.post("/portal/products", product("Slow", "quotes").put("openapi_url", docsUrl("/slow.yaml")).toString()),
          "did not answer within 500 ms");
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(3000);
      assertRefused(admin.post("/portal/products", product("Html", "quotes").put("openapi_url", docsUrl("/page.html")).toString()),
          "did not send an OpenAPI document");
      assertRefused(admin.post("/portal/products", product("Gone", "quotes").put("openapi_url", docsUrl("/gone.yaml")).toString()),
          "answered 404");
      assertRefused(admin.post("/portal/products", product("Ftp", "quotes").put("openapi_url", "ftp://127.0.0.1/x").toString()),
          "expected an http or https URL");
      assertRefused(admin.post("/portal/products", product("Both", "quotes").put("openapi_url", docsUrl("/openapi.yaml"))
          .put("openapi", DOC.formatted(1, 1)).toString()), "not both");
      assertThat(admin.get("/portal/products").json().get("data")).extracting(p -> p.get("name").asText())
          .containsExactlyInAnyOrder("Quotes", "Docs");

      // on demand, a failing source is a bad gateway and the stored document stays
      served.set(null);
      AdminClient.Resp failed = admin.post("/portal/products/Quotes/openapi/fetch", "{}");
      assertThat(failed.status()).as(failed.toString()).isEqualTo(502);
      assertThat(failed.message()).startsWith("Cannot fetch the OpenAPI document: ").contains("answered 404");
      JsonNode kept = admin.get("/portal/products/Quotes").json();
      assertThat(kept.get("outline").get("title").asText()).isEqualTo("Quotes v3");
      assertThat(kept.get("openapi_fetch_error").asText()).contains("answered 404"); // kept on the product too

      // the same text sent back (the Manager's form sends every field) keeps the source
      AdminClient.Resp same = admin.json("PATCH", "/portal/products/Quotes", Json.object().put("openapi", DOC.formatted(3, 3))
          .put("description", "Quotes").toString());
      assertThat(same.json().get("openapi_url").asText()).isEqualTo(docsUrl("/openapi.yaml"));
      // other text replaces a fetched document and drops its URL; then there is nothing to fetch from
      AdminClient.Resp text = admin.json("PATCH", "/portal/products/Quotes", Json.object().put("openapi", DOC.formatted(4, 4)).toString());
      assertThat(text.json().get("openapi_url").isNull()).isTrue();
      assertThat(text.json().get("openapi_fetched_at").isNull()).isTrue();
      assertRefused(admin.post("/portal/products/Quotes/openapi/fetch", "{}"), "no openapi_url");
    }
  }

  @Test
  void the_try_it_document_points_at_the_proxy_which_answers_cors_for_the_portal() throws Exception {
    Map<String, String> conf = PortalIT.portalSettings(StoreKind.SQLITE);
    conf.put("portal_auto_approve", "on");
    String guiOrigin;
    try (WholeNode n = new WholeNode(dir, conf)) {
      AdminClient admin = n.admin;
      n.serviceAndRoute("quotes", "/quotes/");
      n.create("/services/quotes/routes", "{\"name\":\"raw\",\"paths\":[\"/raw\"],\"strip_path\":false}");
      n.create("/services/quotes/routes", "{\"name\":\"regex\",\"paths\":[\"~/v[0-9]+/quotes\"]}");
      AdminClient.Resp p = admin.post("/portal/products", product("Quotes", "quotes").put("openapi", """
          openapi: 3.0.1
          info: {title: Quotes, version: '1'}
          servers: [{url: 'http://upstream.internal'}]
          paths:
            /random:
              servers: [{url: 'http://elsewhere.internal'}]
              get: {summary: A random quote, responses: {'200': {description: ok}}}
            /quotes:
              post:
                security: [{oauth: [write]}]
                responses: {'201': {description: created}}
          components:
            securitySchemes:
              oauth: {type: oauth2, flows: {clientCredentials: {tokenUrl: 'http://auth.internal/token', scopes: {write: w}}}}
          """).toString());
      assertThat(p.status()).as(p.toString()).isEqualTo(201);
      // an operator's key-auth on the route of the other product reads the key from the query
      String legacy = n.serviceAndRoute("legacy", "/legacy");
      n.create("/plugins", "{\"name\":\"key-auth\",\"route\":{\"id\":\"" + legacy + "\"},"
          + "\"config\":{\"key_names\":[\"token\"],\"key_in_header\":false}}");
      ObjectNode swagger = Json.object().put("name", "Legacy").put("openapi", "{\"swagger\":\"2.0\",\"info\":{\"title\":\"Legacy\","
          + "\"version\":\"1\"},\"host\":\"upstream.internal\",\"paths\":{\"/old\":{\"get\":{\"responses\":{\"200\":{\"description\":\"ok\"}}}}}}");
      swagger.putArray("route_ids").add(legacy);
      assertThat(admin.post("/portal/products", swagger.toString()).status()).isEqualTo(201);
      assertThat(admin.post("/portal/products", product("Bare", "quotes").toString()).status()).isEqualTo(201);

      AdminClient dev = PortalIT.portalApi(n);
      assertThat(dev.post("/register", "{\"email\":\"ada@example.com\",\"password\":\"a long password\"}").status()).isEqualTo(201);
      String cookie = dev.post("/session", "{\"email\":\"ada@example.com\",\"password\":\"a long password\"}")
          .headers().firstValue("Set-Cookie").orElseThrow();
      AdminClient me = dev.withHeader("Cookie", cookie.substring(0, cookie.indexOf(';')));
      int proxyPort = n.node.component(ProxyServer.class).orElseThrow().boundPlainAddresses().getFirst().getPort();
      String proxy = "http://127.0.0.1:" + proxyPort; // no proxy_url: the page's host name on the proxy's port

      AdminClient.Resp tryIt = me.get("/products/Quotes/openapi");
      assertThat(tryIt.status()).as(tryIt.toString()).isEqualTo(200);
      JsonNode doc = tryIt.json();
      // the stripped route path is the base; a route that keeps its path serves from the root; regex paths are left out
      assertThat(doc.get("servers")).extracting(s -> s.get("url").asText()).containsExactlyInAnyOrder(proxy + "/quotes", proxy);
      assertThat(doc.get("paths").get("/random").has("servers")).isFalse();
      assertThat(doc.get("components").get("securitySchemes").get("gatehouse_key")).isEqualTo(Json.parse(
          "{\"type\":\"apiKey\",\"name\":\"apikey\",\"in\":\"header\",\"description\":\"Your application's key (the gateway's key-auth)\"}"));
      assertThat(doc.get("components").get("securitySchemes").has("oauth")).isTrue();
      assertThat(doc.get("security")).isEqualTo(Json.parse("[{\"gatehouse_key\":[]}]"));
      assertThat(doc.get("paths").get("/quotes").get("post").get("security"))
          .isEqualTo(Json.parse("[{\"oauth\":[\"write\"],\"gatehouse_key\":[]}]"));

      JsonNode legacyDoc = me.get("/products/Legacy/openapi").json();
      assertThat(legacyDoc.get("host").asText()).isEqualTo("127.0.0.1:" + proxyPort);
      assertThat(legacyDoc.get("basePath").asText()).isEqualTo("/legacy");
      assertThat(legacyDoc.get("schemes")).isEqualTo(Json.parse("[\"http\"]"));
      assertThat(legacyDoc.get("securityDefinitions").get("gatehouse_key").get("name").asText()).isEqualTo("token");
      assertThat(legacyDoc.get("securityDefinitions").get("gatehouse_key").get("in").asText()).isEqualTo("query");
      assertThat(me.get("/products/Bare/openapi").status()).isEqualTo(404);
      assertThat(dev.get("/products/Quotes/openapi").status()).isEqualTo(401);

      // the proxy answers CORS for the portal's pages: the portal's cors plugin, tagged like its other guards
      int guiPort = n.node.component("portal GUI 127.0.0.1:0", AdminHttpServer.class).orElseThrow().address().getPort();
      guiOrigin = "http://127.0.0.1:" + guiPort;
      JsonNode cors = corsPlugin(admin, "quotes");
      assertThat(cors.get("config").get("origins")).isEqualTo(Json.parse("[\"" + guiOrigin + "\"]"));
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
          n.send("OPTIONS", "/quotes/random", "Origin", guiOrigin, "Access-Control-Request-Method", "GET").statusCode() == 200);
      HttpResponse<String> preflight = n.send("OPTIONS", "/quotes/random", "Origin", guiOrigin, "Access-Control-Request-Method", "GET",
          "Access-Control-Request-Headers", "apikey");
      assertThat(preflight.statusCode()).isEqualTo(200);
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains(guiOrigin);
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).contains("apikey");
      HttpResponse<String> refused = n.get("/quotes/random", "Origin", guiOrigin, "apikey", "not a key");
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).contains(guiOrigin);
      assertThat(n.get("/quotes/random", "Origin", "http://evil.example", "apikey", "not a key").headers()
          .firstValue("Access-Control-Allow-Origin")).isNotEqualTo(java.util.Optional.of("http://evil.example"));

      // an operator's cors plugin on a product's scope is kept and gains the portal's origin
      n.serviceAndRoute("shop", "/shop");
      n.create("/plugins", "{\"name\":\"cors\",\"service\":{\"name\":\"shop\"},\"config\":{\"origins\":[\"https://shop.example\"]}}");
      assertThat(admin.post("/portal/products", product("Shop", "shop").toString()).status()).isEqualTo(201);
      JsonNode shopCors = admin.get("/services/shop/plugins").json().get("data");
      assertThat(shopCors).filteredOn(pl -> pl.get("name").asText().equals("cors")).singleElement()
          .satisfies(pl -> assertThat(pl.get("config").get("origins")).isEqualTo(Json.parse("[\"https://shop.example\",\"" + guiOrigin + "\"]")))
          .satisfies(pl -> assertThat(pl.get("tags").isNull() || pl.get("tags").isEmpty()).isTrue());

      // deleting the product removes the cors plugin the portal wrote, with its other guards
      assertThat(admin.delete("/portal/products/Bare").status()).isEqualTo(204);
      assertThat(admin.delete("/portal/products/Quotes").status()).isEqualTo(204);
      assertThat(admin.get("/services/quotes/plugins").json().get("data")).isEmpty();
    }

    // the pages move (another port after a restart): the portal's cors plugins follow them
    try (WholeNode n = new WholeNode(dir, conf)) {
      int guiPort = n.node.component("portal GUI 127.0.0.1:0", AdminHttpServer.class).orElseThrow().address().getPort();
      String moved = "http://127.0.0.1:" + guiPort;
      assertThat(moved).isNotEqualTo(guiOrigin);
      assertThat(corsPlugin(n.admin, "legacy").get("config").get("origins")).isEqualTo(Json.parse("[\"" + moved + "\"]"));
    }
  }

  private static JsonNode corsPlugin(AdminClient admin, String scopeName) {
    for (JsonNode pl : admin.get("/plugins?tags=gatehouse-portal").json().get("data")) {
      if (!pl.get("name").asText().equals("cors")) continue;
      String service = Json.foreignId(pl, "service");
      String route = Json.foreignId(pl, "route");
      String id = admin.get(service != null ? "/services/" + scopeName : "/routes/" + scopeName).json().path("id").asText();
      if (id.equals(service) || id.equals(route)) return pl;
    }
    throw new AssertionError("no portal cors plugin on " + scopeName);
  }
}
