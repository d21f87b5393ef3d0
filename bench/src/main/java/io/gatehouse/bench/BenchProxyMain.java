package io.gatehouse.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.model.ConfigSnapshot;
import io.gatehouse.proxy.ProxyOptions;
import io.gatehouse.proxy.ProxyServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the proxy alone (no Admin API) for the wrk harness of {@code ../shared/bench}: listen on
 * {@code 127.0.0.1:9500}, service {@code http://127.0.0.1:9000}, route {@code /anything}
 * (strip_path=false) plus {@code extraRoutes} decoy routes.
 *
 * <p>{@code taskset -c 1 java -cp … io.gatehouse.bench.BenchProxyMain [extraRoutes] [port]}
 */
public final class BenchProxyMain {
  private BenchProxyMain() {}

  public static void main(String[] args) throws InterruptedException {
    int extra = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 9500;
    ObjectNode service = Json.object().put("id", "11111111-1111-4111-8111-111111111111").put("name", "bench")
        .put("protocol", "http").put("host", "127.0.0.1").put("port", 9000).put("retries", 5)
        .put("connect_timeout", 60000).put("write_timeout", 60000).put("read_timeout", 60000).put("enabled", true);
    service.putNull("path");
    List<ObjectNode> routes = new ArrayList<>();
    routes.add(route(0, "/anything"));
    for (int i = 1; i <= extra; i++) routes.add(route(i, "/decoy" + i));
    ConfigSnapshot snapshot = ConfigSnapshot.of(1, Map.of("services", List.of(service), "routes", routes));
    ProxyServer proxy = ProxyServer.start(ProxyOptions.builder().listen("127.0.0.1", port).build());
    proxy.apply(snapshot);
    System.out.println("gatehouse proxy on " + proxy.boundAddresses() + " with " + routes.size() + " routes");
    Runtime.getRuntime().addShutdownHook(new Thread(proxy::close));
    new CountDownLatch(1).await();
  }

  private static ObjectNode route(int i, String path) {
    ObjectNode r = Json.object().put("id", String.format("22222222-2222-4222-8222-%012d", i)).put("strip_path", false)
        .put("preserve_host", false).put("regex_priority", 0).put("path_handling", "v0");
    r.set("protocols", Json.array().add("http").add("https"));
    r.set("paths", Json.array().add(path));
    r.set("service", Json.object().put("id", "11111111-1111-4111-8111-111111111111"));
    return r;
  }
}
