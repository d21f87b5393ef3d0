package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.admin.AdminApi;
import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.app.settings.SettingsLoader;
import io.gatehouse.proxy.ProxyServer;
import io.gatehouse.proxy.testing.EchoUpstream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * A whole node (the default wiring: store, Admin API, proxy, bundled plugins) on port 0 with an echo
 * upstream, for ITs that drive the real Admin API and proxy through it.
 */
final class WholeNode implements AutoCloseable {
  final EchoUpstream upstream = EchoUpstream.start();
  final Node node;
  final AdminClient admin;
  private final String proxyBase;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  WholeNode(Path prefix, Map<String, String> extra) throws Exception {
    Map<String, String> conf = new HashMap<>(Map.of("prefix", prefix.toString(), "status_listen", "off",
        "admin_listen", "127.0.0.1:0", "proxy_listen", "127.0.0.1:0"));
    conf.putAll(extra);
    node = Node.start(new SettingsLoader(Map.of(), List.of(), prefix).load(null, conf));
    admin = new AdminClient("http://127.0.0.1:" + node.component(AdminApi.class).orElseThrow().address().getPort());
    proxyBase = "http://127.0.0.1:" + node.component(ProxyServer.class).orElseThrow().boundAddresses().getFirst().getPort();
  }

  /** A JSON POST that must succeed; returns the created entity. */
  AdminClient.Resp create(String path, String json) {
    AdminClient.Resp r = admin.post(path, json);
    assertThat(r.status()).as(path + " " + json + " -> " + r).isEqualTo(201);
    return r;
  }

  /** A service on the echo upstream with one route on {@code path}; returns the route's id. */
  String serviceAndRoute(String name, String path) {
    create("/services", "{\"name\":\"" + name + "\",\"url\":\"" + upstream.url("/") + "\"}");
    return create("/services/" + name + "/routes", "{\"name\":\"" + name + "\",\"paths\":[\"" + path + "\"]}")
        .json().get("id").asText();
  }

  HttpResponse<String> get(String path, String... headers) {
    return send("GET", path, headers);
  }

  HttpResponse<String> send(String method, String path, String... headers) {
    return send(method, path, HttpRequest.BodyPublishers.noBody(), headers);
  }

  HttpResponse<String> send(String method, String path, HttpRequest.BodyPublisher body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(proxyBase + path)).timeout(Duration.ofSeconds(20))
        .method(method, body);
    if (headers.length > 0) {
      b.headers(headers);
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits (polling, never sleeping blindly) until the proxy answers a status for this request. */
  HttpResponse<String> await(IntPredicate status, String path, String... headers) {
    HttpResponse<String>[] last = new HttpResponse[1];
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
      last[0] = get(path, headers);
      return status.test(last[0].statusCode());
    });
    return last[0];
  }

  HttpResponse<String> awaitStatus(int status, String path, String... headers) {
    return await(s -> s == status, path, headers);
  }

  @Override
  public void close() throws Exception {
    node.close();
    upstream.close();
  }
}
