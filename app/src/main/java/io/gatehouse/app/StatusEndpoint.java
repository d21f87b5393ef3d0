package io.gatehouse.app;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gatehouse.app.settings.Listener;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TEMPORARY: a minimal status API on {@code status_listen} so that {@code start}, {@code health}
 * and their tests work before the real one exists. The lead replaces it with the admin module's
 * status listener (Kong's {@code GET /status}, {@code GET /status/ready}); do not build on it.
 *
 * <p>{@code GET /status/ready} answers 200 {@code {"message":"ready"}} once the node is ready and
 * 503 before; {@code GET /status} answers 200 with a small body. Uses the JDK's HTTP server.
 */
final class StatusEndpoint implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StatusEndpoint.class);

  private final List<HttpServer> servers;
  private final ExecutorService executor;

  private StatusEndpoint(List<HttpServer> servers, ExecutorService executor) {
    this.servers = servers;
    this.executor = executor;
  }

  /** Binds every listener (none when {@code status_listen = off}). */
  static StatusEndpoint start(List<Listener> listeners, BooleanSupplier ready) throws IOException {
    requireNonNull(listeners, "listeners");
    requireNonNull(ready, "ready");
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    List<HttpServer> servers = new ArrayList<>();
    StatusEndpoint endpoint = new StatusEndpoint(servers, executor);
    try {
      for (Listener l : listeners) {
        HttpServer server = HttpServer.create(new InetSocketAddress(l.host(), l.port()), 0);
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(exchange, ready));
        server.start();
        servers.add(server);
        log.info("status API listening on {}", server.getAddress());
      }
    } catch (IOException e) {
      endpoint.close();
      throw new IOException("cannot listen on status_listen " + listeners + ": " + e.getMessage(), e);
    }
    return endpoint;
  }

  /** The bound addresses, in listener order (ephemeral ports resolved). */
  List<InetSocketAddress> addresses() {
    return servers.stream().map(HttpServer::getAddress).toList();
  }

  private static void handle(HttpExchange exchange, BooleanSupplier ready) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      boolean get = exchange.getRequestMethod().equals("GET") || exchange.getRequestMethod().equals("HEAD");
      if (!path.equals("/status") && !path.equals("/status/ready")) {
        send(exchange, 404, "{\"message\":\"Not found\"}");
      } else if (!get) {
        send(exchange, 405, "{\"message\":\"Method not allowed\"}");
      } else if (path.equals("/status/ready")) {
        boolean isReady = ready.getAsBoolean();
        send(exchange, isReady ? 200 : 503,
            isReady ? "{\"message\":\"ready\"}" : "{\"message\":\"not ready\"}");
      } else {
        send(exchange, 200, "{\"database\":{\"reachable\":true},\"server\":{}}");
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    for (HttpServer server : servers) {
      server.stop(0);
    }
    executor.shutdownNow();
  }
}
