package io.gatehouse.plugins.opentelemetry;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.plugins.opentelemetry.OtlpReceiver.Received;
import io.gatehouse.plugins.testing.PluginGateway;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import io.gatehouse.proxy.plugins.OffLoopCounters;
import io.gatehouse.proxy.plugins.PluginServices;
import io.gatehouse.sdk.TracingSettings;
import io.gatehouse.store.counters.SqlCounters;
import io.gatehouse.store.postgres.PostgresConfigStore;
import io.gatehouse.store.postgres.PostgresSettings;
import io.gatehouse.testsupport.PostgresServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kong's {@code db_query} on a PostgreSQL node (a real server): with
 * {@code tracing_instrumentations = db_query} only, a rate-limiting {@code policy = cluster}
 * request's trace holds the request span and one {@code kong.database.query} per statement of its
 * row-locking transaction, {@code db.system = postgres}, and nothing else (Kong's
 * 01-instrumentations_spec "db_query").
 */
class TracedQueriesPostgresIT {
  static final String PARENT = "b7ad6b7169203331";
  static PostgresServer pg;
  static OtlpReceiver collector;
  static SqlCounters sql;
  static OffLoopCounters counters;
  static PluginGateway gw;

  @BeforeAll
  static void start() throws Exception {
    pg = PostgresServer.launch();
    pg.createDatabase("traced");
    collector = new OtlpReceiver();
    PostgresSettings settings = PostgresSettings.defaults().withServer(pg.host(), pg.port(), "traced")
        .withLogin(pg.user(), pg.password()).withSchema("traced").withTimeout(Duration.ofSeconds(2));
    sql = PostgresConfigStore.counters(settings);
    counters = new OffLoopCounters(sql::admit, sql::add);
    LoadedPlugins plugins = LoadedPlugins.load(List.of("bundled"), TracedQueriesPostgresIT.class.getClassLoader())
        .start(PluginServices.NONE.andTracing(new TracingSettings(Set.of("db_query"), 1.0)).andCounters(counters));
    gw = new PluginGateway(plugins);
    ObjectNode route = gw.serviceAndRoute("/pg-limited");
    gw.plugin("rate-limiting", "{\"minute\":10,\"policy\":\"cluster\"}", ref("route", route));
    gw.plugin("opentelemetry", "{\"traces_endpoint\":\"" + collector.url("/pg") + "\","
        + "\"queue\":{\"max_coalescing_delay\":0.05}}", ref("route", route));
    gw.apply();
  }

  @AfterAll
  static void stop() throws Exception {
    if (gw != null) gw.close();
    if (counters != null) counters.close();
    if (sql != null) sql.close();
    if (collector != null) collector.close();
    if (pg != null) pg.close();
  }

  @Test
  void a_request_counting_in_postgres_has_its_statements_and_only_them_in_its_trace() {
    String trace = "3c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f";
    HttpResponse<String> r = gw.get("/pg-limited/", "traceparent", "00-" + trace + "-" + PARENT + "-01");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-RateLimit-Remaining-Minute")).hasValue("9");
    Awaitility.await().atMost(10, TimeUnit.SECONDS).pollInterval(20, TimeUnit.MILLISECONDS)
        .until(() -> collector.trace(trace).stream().anyMatch(s -> s.span().getName().equals("kong")));
    List<Received> spans = collector.trace(trace);
    assertThat(spans).extracting(s -> s.span().getName()).containsOnly("kong", "kong.database.query");
    Received root = spans.stream().filter(s -> s.span().getName().equals("kong")).findFirst().orElseThrow();
    List<Received> queries = spans.stream().filter(s -> s != root)
        .sorted(java.util.Comparator.comparingLong(s -> s.span().getStartTimeUnixNano())).toList();
    assertThat(queries).allSatisfy(q -> {
      assertThat(q.attr("db.system")).isEqualTo("postgres");
      assertThat(q.parentSpanId()).isEqualTo(root.spanId());
      assertThat(q.span().getStartTimeUnixNano()).isGreaterThanOrEqualTo(root.span().getStartTimeUnixNano());
    });
    List<String> statements = queries.stream().map(q -> q.attr("db.statement")).toList();
    // the row-locking admission: begin, create and lock the counter row, read, add, commit
    assertThat(statements.getFirst()).isEqualTo("BEGIN");
    assertThat(statements.getLast()).isEqualTo("COMMIT");
    assertThat(statements).anyMatch(s -> s.startsWith("SELECT value FROM ratelimiting_metrics") && s.endsWith("FOR UPDATE"))
        .anyMatch(s -> s.startsWith("INSERT INTO ratelimiting_metrics") && s.contains("DO NOTHING"))
        .anyMatch(s -> s.startsWith("INSERT INTO ratelimiting_metrics") && s.contains("DO UPDATE"));
  }
}
