package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.core.json.Json;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A product's {@code openapi_url} fetched again on the schedule ({@code portal_openapi_refresh_interval}),
 * from a real local HTTP server whose document changes and then fails in each way a fetch can: a
 * changed document replaces the stored one, a failing source keeps it and the product says why; and
 * two nodes on one PostgreSQL database do not fetch one product at once.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(StoreKind.class)
class PortalOpenApiRefreshIT {
  private static final String DOC = "openapi: 3.0.0\ninfo: {title: Quotes v%s, version: '%s'}\npaths:\n  /random:\n"
      + "    get: {summary: A random quote, responses: {'200': {description: ok}}}\n";
  private static final Duration WITHIN = Duration.ofSeconds(15); // a 1 s interval, several times over

  /** What the document server answers. */
  private record Answer(int status, String body) {}

  @Parameter StoreKind storeKind;
  @TempDir Path dir;
  @TempDir Path dirB;
  private HttpServer docs;
  private final AtomicReference<Answer> served = new AtomicReference<>(new Answer(200, DOC.formatted(1, 1)));
  private volatile long holdMillis; // how long each answer takes
  private final AtomicInteger fetches = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostAtOnce = new AtomicInteger();

  @BeforeEach
  void startDocs() throws Exception {
    docs = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    docs.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    docs.createContext("/openapi.yaml", ex -> {
      fetches.incrementAndGet();
      mostAtOnce.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        if (holdMillis > 0) Thread.sleep(holdMillis); // a slow source, so nodes' fetches would overlap
        Answer a = served.get();
        byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(a.status(), bytes.length);
        ex.getResponseBody().write(bytes);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        inFlight.decrementAndGet();
        ex.close();
      }
    });
    docs.start();
  }

  @AfterEach
  void stopDocs() {
    docs.stop(0);
  }

  private String docsUrl() {
    return "http://127.0.0.1:" + docs.getAddress().getPort() + "/openapi.yaml";
  }

  private Map<String, String> settings(String interval) {
    Map<String, String> conf = PortalIT.portalSettings(storeKind);
    conf.put("portal_openapi_refresh_interval", interval);
    conf.put("portal_openapi_fetch_timeout", "2000");
    conf.put("portal_openapi_max_size", "2k");
    return conf;
  }

  private static void createProduct(WholeNode n, String url) {
    n.serviceAndRoute("quotes", "/quotes");
    AdminClient.Resp p = n.admin.post("/portal/products", Json.object().put("name", "Quotes")
        .put("openapi_url", url).set("service_ids", Json.array().add("quotes")).toString());
    assertThat(p.status()).as(p.toString()).isEqualTo(201);
    assertThat(p.json().get("openapi_fetch_error").isNull()).isTrue();
  }

  /** The product once it satisfies {@code until}, polled on the Admin API. */
  private static JsonNode awaitProduct(WholeNode n, Predicate<JsonNode> until) {
    AtomicReference<JsonNode> last = new AtomicReference<>();
    await().atMost(WITHIN).pollInterval(Duration.ofMillis(100)).until(() -> {
      last.set(n.admin.get("/portal/products/Quotes").json());
      return until.test(last.get());
    });
    return last.get();
  }

  private static String title(JsonNode product) {
    return product.get("outline").get("title").asText();
  }

  private static Predicate<JsonNode> failedWith(String why) {
    return p -> p.get("openapi_fetch_error").asText("").contains(why);
  }

  @Test
  void a_changed_document_replaces_the_stored_one_and_a_failing_source_keeps_it_and_says_why() throws Exception {
    try (WholeNode n = new WholeNode(dir, settings("1"))) {
      createProduct(n, docsUrl());

      served.set(new Answer(200, DOC.formatted(2, 2)));
      JsonNode v2 = awaitProduct(n, p -> title(p).equals("Quotes v2"));
      assertThat(v2.get("openapi_fetch_error").isNull()).isTrue();
      assertThat(v2.get("openapi_url").asText()).isEqualTo(docsUrl());

      // each way a fetch fails: the document stays v2, the product says why
      String[][] failures = {
          {"404", "nope", "answered 404"},
          {"200", DOC.formatted(9, 9) + "x-padding: '" + "x".repeat(4096) + "'\n", "sent more than 2048 bytes"},
          {"200", "<html><body>Not a document</body></html>", "did not send an OpenAPI document"}};
      for (String[] f : failures) {
        served.set(new Answer(Integer.parseInt(f[0]), f[1]));
        JsonNode failed = awaitProduct(n, failedWith(f[2]));
        assertThat(title(failed)).as(f[2]).isEqualTo("Quotes v2");
        assertThat(failed.get("openapi")).isEqualTo(v2.get("openapi"));
        assertThat(failed.get("openapi_checked_at").asLong()).isGreaterThanOrEqualTo(v2.get("openapi_checked_at").asLong());
      }
      // unreachable: nothing listens there any more
      docs.stop(0);
      JsonNode unreachable = awaitProduct(n, failedWith("cannot fetch"));
      assertThat(title(unreachable)).isEqualTo("Quotes v2");
    }
  }

  @Test
  void a_source_that_recovers_clears_the_error_and_an_unchanged_document_keeps_updated_at() throws Exception {
    try (WholeNode n = new WholeNode(dir, settings("1"))) {
      createProduct(n, docsUrl());
      served.set(new Answer(503, "busy"));
      awaitProduct(n, failedWith("answered 503"));

      served.set(new Answer(200, DOC.formatted(3, 3)));
      JsonNode v3 = awaitProduct(n, p -> title(p).equals("Quotes v3") && p.get("openapi_fetch_error").isNull());
      // the same document fetched again later: tried and fetched again, but not changed
      JsonNode later = awaitProduct(n, p -> p.get("openapi_fetched_at").asLong() > v3.get("openapi_fetched_at").asLong());
      assertThat(later.get("updated_at")).isEqualTo(v3.get("updated_at"));
      assertThat(later.get("openapi_fetch_error").isNull()).isTrue();
    }
  }

  @Test
  void an_interval_of_0_starts_no_schedule_and_a_negative_one_stops_the_start() throws Exception {
    try (WholeNode n = new WholeNode(dir, settings("0"))) {
      assertThat(n.node.component("portal OpenAPI refresh", AutoCloseable.class)).isEmpty();
    }
    try (WholeNode n = new WholeNode(dirB, PortalIT.portalSettings(storeKind))) { // the default, 3600
      assertThat(n.node.component("portal OpenAPI refresh", AutoCloseable.class)).isPresent();
    }
    assertThatThrownBy(() -> new WholeNode(dir, settings("-1")).close())
        .hasStackTraceContaining("portal_openapi_refresh_interval must be 0 (off) or a number of seconds");
  }

  @Test
  void two_nodes_on_one_database_do_not_fetch_one_product_at_once() throws Exception {
    assumeTrue(storeKind == StoreKind.POSTGRES, "an SQLite file has one node");
    Map<String, String> conf = settings("3");
    try (WholeNode a = new WholeNode(dir, conf); WholeNode b = new WholeNode(dirB, conf)) {
      createProduct(a, docsUrl());
      int afterCreate = fetches.get();
      // each fetch takes 1.5 s: both nodes look every second, so each looks while the other fetches
      holdMillis = 1500;
      served.set(new Answer(200, DOC.formatted(2, 2)));
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .until(() -> fetches.get() >= afterCreate + 3);
      assertThat(mostAtOnce.get()).as("fetches of one product at the same time").isEqualTo(1);
      assertThat(title(b.admin.get("/portal/products/Quotes").json())).isEqualTo("Quotes v2");
    }
  }
}
