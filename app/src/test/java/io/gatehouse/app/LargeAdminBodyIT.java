package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.admin.AdminApi;
import io.gatehouse.app.settings.SettingsLoader;
import io.gatehouse.core.json.Json;
import io.gatehouse.proxy.ProxyServer;
import io.gatehouse.proxy.testing.EchoUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: a large {@code POST /config} is handled in time linear in its size, end to end — Admin
 * HTTP, JSON parsing, declarative validation, the DB-less load, the snapshot and the router and
 * plugin rebuild — on a real DB-less node. Compares a file of about 1 MB with one four times as
 * large (services, routes, consumers with credentials, plugins at every scope, upstreams with
 * targets, tags): the time ratio must stay far below quadratic (16×). Best of a few runs per size,
 * so a busy machine does not decide the result; a ratio, never an absolute time.
 */
class LargeAdminBodyIT {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final int N = 2_500; // services in the small file: ~1 MB of JSON
  @TempDir Path prefix;

  @Test
  void fourTimesTheBodyTakesAboutFourTimesAsLongNotSixteen() throws Exception {
    try (EchoUpstream echo = EchoUpstream.start();
        Node node = Node.start(new SettingsLoader(Map.of(), List.of(), prefix).load(null, Map.of(
            "prefix", prefix.toString(), "status_listen", "off", "database", "off",
            "admin_listen", "127.0.0.1:0", "proxy_listen", "127.0.0.1:0")))) {
      int admin = node.component(AdminApi.class).orElseThrow().address().getPort();
      int proxy = node.component(ProxyServer.class).orElseThrow().boundAddresses().getFirst().getPort();
      int[] run = {0};
      Loader load = services -> {
        String tag = "run" + run[0]++;
        byte[] body = config(services, tag, echo.port()).getBytes(StandardCharsets.UTF_8);
        long start = System.nanoTime();
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/config"))
            .header("Content-Type", "application/json").timeout(Duration.ofSeconds(120))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body().substring(0, Math.min(300, r.body().length()))).isEqualTo(201);
        // end to end: the proxy serves the new file's probe route once its snapshot is compiled
        URI probe = URI.create("http://127.0.0.1:" + proxy + "/probe-" + tag);
        while (HTTP.send(HttpRequest.newBuilder(probe).build(), HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
          Thread.sleep(5);
        }
        return new Timing(body.length, System.nanoTime() - start);
      };
      load.run(N / 2); // warm-up: JIT and class loading
      Timing small = best(load, N, 2);
      Timing large = best(load, 4 * N, 2);
      double ratio = (double) large.nanos() / small.nanos();
      System.out.printf("POST /config: %.2f MB in %d ms (%.2f MB/s), %.2f MB in %d ms (%.2f MB/s), ratio %.2f%n",
          small.mb(), small.nanos() / 1_000_000, small.mbPerSecond(), large.mb(), large.nanos() / 1_000_000,
          large.mbPerSecond(), ratio);
      assertThat(large.bytes()).isGreaterThan(small.bytes() * 3);
      assertThat(ratio).as("time(4x body) / time(body): linear is ~4, quadratic 16").isLessThan(8.0);
    }
  }

  private interface Loader {
    Timing run(int services) throws Exception;
  }

  private record Timing(long bytes, long nanos) {
    double mb() {
      return bytes / 1e6;
    }

    double mbPerSecond() {
      return mb() / (nanos / 1e9);
    }
  }

  private static Timing best(Loader load, int services, int runs) throws Exception {
    Timing best = null;
    for (int i = 0; i < runs; i++) {
      Timing t = load.run(services);
      best = best == null || t.nanos() < best.nanos() ? t : best;
    }
    return best;
  }

  /**
   * A flat declarative file: per service a route and two plugins (route- and service-scoped); per
   * two services a consumer with a key-auth credential and a consumer-scoped plugin; per four an
   * upstream with two targets. References by name, tags on everything, one probe route.
   */
  static String config(int services, String run, int echoPort) {
    ObjectNode root = Json.object().put("_format_version", "3.0");
    ArrayNode svcs = root.putArray("services");
    ArrayNode routes = root.putArray("routes");
    ArrayNode consumers = root.putArray("consumers");
    ArrayNode plugins = root.putArray("plugins");
    ArrayNode keys = root.putArray("keyauth_credentials");
    ArrayNode upstreams = root.putArray("upstreams");
    for (int i = 0; i < services; i++) {
      svcs.addObject().put("name", "svc-" + i).put("host", "upstream-" + i + ".internal").put("port", 8080)
          .set("tags", Json.array().add(run).add("group-" + i % 7));
      ObjectNode route = routes.addObject().put("name", "route-" + i).put("service", "svc-" + i);
      route.putArray("paths").add("/" + run + "/r" + i);
      route.putArray("tags").add(run);
      plugins.addObject().put("name", "rate-limiting").put("route", "route-" + i)
          .set("config", Json.object().put("minute", 5).put("policy", "local"));
      plugins.addObject().put("name", "key-auth").put("service", "svc-" + i).putArray("tags").add(run);
    }
    for (int i = 0; i < services / 2; i++) {
      consumers.addObject().put("username", "user-" + i).putArray("tags").add(run);
      keys.addObject().put("key", run + "-key-" + i).put("consumer", "user-" + i);
      plugins.addObject().put("name", "request-termination").put("consumer", "user-" + i)
          .set("config", Json.object().put("status_code", 403));
    }
    for (int i = 0; i < services / 4; i++) {
      ArrayNode targets = upstreams.addObject().put("name", "up-" + i + ".internal").putArray("targets");
      targets.addObject().put("target", "10.0." + i / 250 + "." + i % 250 + ":80");
      targets.addObject().put("target", "10.1." + i / 250 + "." + i % 250 + ":80");
    }
    svcs.addObject().put("name", "probe").put("url", "http://127.0.0.1:" + echoPort);
    routes.addObject().put("name", "probe").put("service", "probe").putArray("paths").add("/probe-" + run);
    return Json.write(root);
  }
}
