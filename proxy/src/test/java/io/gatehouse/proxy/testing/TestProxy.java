package io.gatehouse.proxy.testing;

import io.gatehouse.core.model.ConfigSnapshot;
import io.gatehouse.proxy.ProxyOptions;
import io.gatehouse.proxy.ProxyServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A proxy on 127.0.0.1 port 0 plus an {@link EchoUpstream} and a JDK client: the one-line setup of
 * a proxy integration test. {@code proxy.configure(e -> e.service(proxy.echo().url("/")).route("/x"))}.
 */
public final class TestProxy implements AutoCloseable {
  private final ProxyServer server;
  private final EchoUpstream echo;
  private final HttpClient client;
  private final AtomicLong version = new AtomicLong();

  private TestProxy(ProxyServer server, EchoUpstream echo) {
    this.server = server;
    this.echo = echo;
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  }

  public static TestProxy start() {
    return start(b -> b);
  }

  public static TestProxy start(UnaryOperator<ProxyOptions.Builder> options) {
    ProxyOptions o = options.apply(ProxyOptions.builder().listen("127.0.0.1", 0).workerThreads(2)).build();
    EchoUpstream echo = EchoUpstream.start();
    try {
      return new TestProxy(ProxyServer.start(o), echo);
    } catch (RuntimeException e) {
      echo.close();
      throw e;
    }
  }

  /** Replaces the whole configuration. */
  public ConfigSnapshot configure(Consumer<Entities> body) {
    ConfigSnapshot s = Entities.snapshot(version.incrementAndGet(), body);
    server.apply(s);
    return s;
  }

  public ProxyServer server() {
    return server;
  }

  public EchoUpstream echo() {
    return echo;
  }

  public InetSocketAddress address() {
    return server.boundPlainAddresses().get(0);
  }

  /** The first TLS listener (start with {@code b -> b.tlsListen("127.0.0.1", 0).defaultCertificates(...)}). */
  public InetSocketAddress tlsAddress() {
    return server.boundTlsAddresses().get(0);
  }

  public URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + address().getPort() + pathAndQuery);
  }

  public HttpResponse<String> get(String pathAndQuery, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(20));
    if (headers.length > 0) b.headers(headers);
    return send(b.GET().build());
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpClient client() {
    return client;
  }

  public RawClient raw() throws IOException {
    return new RawClient(address());
  }

  public List<InetSocketAddress> addresses() {
    return server.boundAddresses();
  }

  @Override
  public void close() {
    server.close();
    echo.close();
  }
}
