package io.gatehouse.plugins.runtime;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.plugins.testing.PluginGateway;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import io.gatehouse.proxy.testing.TlsClient;
import io.gatehouse.proxy.tls.PemKeyPair;
import io.gatehouse.proxy.tls.SelfSignedCertificates;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.LogPhase;
import io.gatehouse.sdk.Plugin;
import io.gatehouse.sdk.PluginInfo;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code AccessPhase.exitStreaming} through a real gateway: a plugin's streamed answer reaches an
 * HTTP/1.1 (chunked) and an HTTP/2 client chunk by chunk as the plugin produces it, the log phase
 * runs once it ends, a client that does not read stops the publisher (one chunk is asked for at a
 * time as the socket drains), and a client that leaves cancels the subscription.
 */
class StreamedExitIT {
  static final PemKeyPair CERT = SelfSignedCertificates.generate("localhost", SelfSignedCertificates.KeyType.EC,
      Duration.ofDays(1));
  /** The publisher the next request answers with. */
  static final AtomicReference<Flow.Publisher<byte[]>> NEXT = new AtomicReference<>();
  /** The status each request's log phase saw, by request id. */
  static final Map<String, Integer> LOGGED = new ConcurrentHashMap<>();

  @PluginInfo(name = "streamed-exit-probe", priority = 900)
  public static final class Probe implements Plugin<Probe.Config> {
    public record Config(@Default("x") String tag) {}

    @Override
    public void access(AccessPhase ctx, Config config) {
      ctx.exitStreaming(200, NEXT.getAndSet(null), Map.of("Content-Type", "text/event-stream", "X-Probe", "streamed"));
    }

    @Override
    public void log(LogPhase ctx, Config config) {
      LOGGED.put(ctx.requestId(), ctx.status());
    }
  }

  static PluginGateway gw;

  @BeforeAll
  static void start() {
    InetSocketAddress tls = new InetSocketAddress("127.0.0.1", 0);
    gw = new PluginGateway(LoadedPlugins.of(new Probe()),
        b -> b.tlsListen(List.of(tls)).defaultCertificates(List.of(CERT)).http2Listen(Set.of(tls)));
    gw.plugin("streamed-exit-probe", "{}", ref("route", gw.serviceAndRoute("/streamed")));
    gw.apply();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static void streamedToTheClientAsProduced(HttpClient client, URI uri, HttpClient.Version expected)
      throws Exception {
    try (SubmissionPublisher<byte[]> source = new SubmissionPublisher<>()) {
      NEXT.set(source);
      HttpResponse<InputStream> res = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      assertThat(res.statusCode()).isEqualTo(200);
      assertThat(res.version()).isEqualTo(expected);
      assertThat(res.headers().firstValue("X-Probe")).contains("streamed");
      assertThat(res.headers().firstValue("Content-Length")).isEmpty();
      String id = res.headers().firstValue("X-Kong-Request-Id").orElseThrow();
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
        source.submit("data: one\n\n".getBytes(StandardCharsets.UTF_8));
        // the second event does not exist yet: the first can only have come as it was produced
        assertThat(lines.readLine()).isEqualTo("data: one");
        assertThat(lines.readLine()).isEmpty();
        assertThat(LOGGED).doesNotContainKey(id); // the answer is not over
        source.submit(new byte[0]); // skipped
        source.submit("data: two\n\n".getBytes(StandardCharsets.UTF_8));
        source.close();
        assertThat(lines.readLine()).isEqualTo("data: two");
        assertThat(lines.readLine()).isEmpty();
        assertThat(lines.readLine()).isNull();
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> LOGGED.containsKey(id));
      assertThat(LOGGED.get(id)).isEqualTo(200);
    }
  }

  @Test
  void an_http11_client_gets_the_chunks_as_they_are_produced_and_the_log_phase_runs_at_the_end() throws Exception {
    HttpClient h1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (h1) {
      streamedToTheClientAsProduced(h1, URI.create("http://127.0.0.1:" + gw.port() + "/streamed"),
          HttpClient.Version.HTTP_1_1);
    }
    // and the connection is fine for the next request: chunked framing ended the body
    try (Socket s = new Socket("127.0.0.1", gw.port())) {
      NEXT.set(new Endless(4));
      s.getOutputStream().write("GET /streamed HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String head = readHead(s.getInputStream());
      assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("transfer-encoding: chunked");
    }
  }

  @Test
  void an_http2_client_gets_the_chunks_as_they_are_produced() throws Exception {
    try (HttpClient h2 = TlsClient.httpClient(HttpClient.Version.HTTP_2)) {
      streamedToTheClientAsProduced(h2, URI.create("https://127.0.0.1:" + gw.tlsPort() + "/streamed"),
          HttpClient.Version.HTTP_2);
    }
  }

  @Test
  void a_client_that_does_not_read_stops_the_publisher_and_one_that_leaves_cancels_it() throws Exception {
    Endless source = new Endless(Long.MAX_VALUE);
    NEXT.set(source);
    String id;
    try (Socket s = new Socket("127.0.0.1", gw.port())) {
      s.setReceiveBufferSize(64 << 10);
      s.getOutputStream().write("GET /streamed HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String head = readHead(s.getInputStream());
      id = head.lines().filter(l -> l.regionMatches(true, 0, "X-Kong-Request-Id:", 0, 18)).findFirst().orElseThrow()
          .substring(18).trim();
      // the client reads nothing more: the gateway stops asking once the socket buffers are full
      long[] last = {-1};
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
        long now = source.produced.get();
        boolean settled = now > 0 && now == last[0];
        last[0] = now;
        return settled;
      });
      assertThat(source.produced.get() * Endless.CHUNK).as("bytes produced for a client that reads nothing")
          .isLessThan(64L << 20);
      assertThat(source.cancelled.getCount()).isEqualTo(1);
    } // the client leaves
    assertThat(source.cancelled.await(10, TimeUnit.SECONDS)).as("the subscription is cancelled").isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> LOGGED.containsKey(id));
  }

  private static String readHead(InputStream in) throws java.io.IOException {
    StringBuilder b = new StringBuilder();
    while (!b.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) break;
      b.append((char) c);
    }
    return b.toString();
  }

  /** Produces a chunk per chunk requested, up to a number of chunks; records cancellation. */
  static final class Endless implements Flow.Publisher<byte[]> {
    static final int CHUNK = 16 << 10;
    final AtomicLong produced = new AtomicLong();
    final CountDownLatch cancelled = new CountDownLatch(1);
    private final long chunks;

    Endless(long chunks) {
      this.chunks = chunks;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super byte[]> s) {
      byte[] chunk = new byte[CHUNK];
      Arrays.fill(chunk, (byte) 'x');
      s.onSubscribe(new Flow.Subscription() {
        @Override
        public void request(long n) {
          for (long i = 0; i < n && cancelled.getCount() > 0; i++) {
            if (produced.incrementAndGet() > chunks) {
              s.onComplete();
              return;
            }
            s.onNext(chunk);
          }
        }

        @Override
        public void cancel() {
          cancelled.countDown();
        }
      });
    }
  }
}
