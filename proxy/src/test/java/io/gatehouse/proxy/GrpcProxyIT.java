package io.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.proxy.testing.GrpcOrigin;
import io.gatehouse.proxy.testing.TestProxy;
import io.gatehouse.proxy.testing.TlsClient;
import io.gatehouse.proxy.tls.PemKeyPair;
import io.gatehouse.proxy.tls.SelfSignedCertificates;
import io.gatehouse.proxy.tls.SelfSignedCertificates.KeyType;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code grpc}/{@code grpcs} services and routes with real grpc-java clients and servers: every call
 * kind over h2c and h2 (ALPN) to the origin, statuses and trailers passed through, deadlines and
 * cancellations reaching the origin, one multiplexed origin connection per event loop, and the
 * gateway's own gRPC answers as Kong 3.9 gives them (status mapping of kong/pdk/response.lua, the
 * route checks of kong/runloop/handler.lua, the error handler's messages).
 */
class GrpcProxyIT {
  static final PemKeyPair CERT = SelfSignedCertificates.generate("localhost", KeyType.EC, Duration.ofDays(1));
  static TestProxy proxy;
  static GrpcOrigin origin;
  static GrpcOrigin tlsOrigin;
  static ManagedChannel channel;
  static int closedPort;

  @BeforeAll
  static void start() throws IOException {
    InetSocketAddress plain = new InetSocketAddress("127.0.0.1", 0);
    InetSocketAddress tls = new InetSocketAddress("127.0.0.1", 0);
    proxy = TestProxy.start(b -> b.listen(List.of(plain)).tlsListen(List.of(tls)).defaultCertificates(List.of(CERT))
        .http2Listen(Set.of(plain)));
    origin = GrpcOrigin.start();
    tlsOrigin = GrpcOrigin.startTls(CERT);
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    proxy.configure(e -> e
        .service("grpc://127.0.0.1:" + origin.port()).route(grpcRoute("grpc", "echo.test")).route(headerRoute("echo"))
        .service("grpcs://127.0.0.1:" + tlsOrigin.port()).route(grpcRoute("grpc", "tls.test"))
        .service("grpc://127.0.0.1:" + closedPort, s -> s.put("retries", 1)).route(grpcRoute("grpc", "down.test"))
            .route(headerRoute("down"))
        .service("grpc://127.0.0.1:" + origin.port()).route(grpcRoute("grpcs", "secure-only.test"))
        .service("grpc://127.0.0.1:" + origin.port(), s -> s.put("read_timeout", 500)).route(headerRoute("slow"))
        // Kong's "proxies :authority header on balancer retry": a dead target beside the origin
        .upstream("grpc-retry", u -> {})
        .target("grpc-retry", "127.0.0.1:" + closedPort, 100)
        .target("grpc-retry", "127.0.0.1:" + origin.port(), 1)
        .service("grpc://grpc-retry:80").route(grpcRoute("grpc", "retry.test")));
    channel = NettyChannelBuilder.forAddress("127.0.0.1", proxy.address().getPort()).usePlaintext().build();
  }

  @AfterAll
  static void stop() {
    channel.shutdownNow();
    origin.close();
    tlsOrigin.close();
    proxy.close();
  }

  static java.util.function.Consumer<ObjectNode> grpcRoute(String protocol, String host) {
    return r -> {
      r.set("protocols", Json.array().add(protocol));
      r.set("hosts", Json.array().add(host));
      r.put("strip_path", false);
    };
  }

  /** A grpc route chosen by the header {@code x-route} (the JDK client cannot set Host). */
  static java.util.function.Consumer<ObjectNode> headerRoute(String value) {
    return r -> {
      r.set("protocols", Json.array().add("grpc"));
      r.set("headers", Json.object().set("x-route", Json.array().add(value)));
      r.put("strip_path", false);
    };
  }

  static CallOptions to(String authority) {
    return CallOptions.DEFAULT.withAuthority(authority).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  @Test
  void unaryCallIsProxiedOverH2cWithTheGatewayHeaders() throws Exception {
    origin.clear();
    String reply = ClientCalls.blockingUnaryCall(channel, GrpcOrigin.SAY, to("echo.test"), "world");
    assertThat(reply).isEqualTo("hello world");
    GrpcOrigin.Call call = origin.nextCall();
    assertThat(call).isNotNull();
    assertThat(call.authority()).as(":authority is the service's host, as Host on HTTP/1.1")
        .isEqualTo("127.0.0.1:" + origin.port());
    assertThat(call.header("x-forwarded-host")).isEqualTo("echo.test");
    assertThat(call.header("x-forwarded-proto")).isEqualTo("http");
    assertThat(call.header("x-real-ip")).isEqualTo("127.0.0.1");
    assertThat(call.header("x-kong-request-id")).isNotBlank();
    // TE: trailers reaches it too (grpc-java keeps it out of the metadata but logs when it is missing)
    assertThat(call.header("via")).isNotNull();
  }

  @Test
  void balancerRetriesAndAuthorityIsTheTargetThatAnswered() throws Exception {
    origin.clear();
    for (int i = 0; i < 3; i++) {
      assertThat(ClientCalls.blockingUnaryCall(channel, GrpcOrigin.SAY, to("retry.test"), "r")).isEqualTo("hello r");
      assertThat(origin.nextCall().authority()).isEqualTo("127.0.0.1:" + origin.port());
    }
  }

  @Test
  void grpcsServiceIsProxiedOverTlsWithAlpnH2() {
    assertThat(ClientCalls.blockingUnaryCall(channel, GrpcOrigin.SAY, to("tls.test"), "tls")).isEqualTo("hello tls");
  }

  @Test
  void serverStreamingDeliversEveryMessage() {
    Iterator<String> it = ClientCalls.blockingServerStreamingCall(channel, GrpcOrigin.MANY, to("echo.test"), "100:20000");
    int n = 0;
    while (it.hasNext()) {
      assertThat(it.next()).startsWith(n + ":").hasSize(Integer.toString(n).length() + 1 + 20000);
      n++;
    }
    assertThat(n).as("2 MB in 100 messages through the stream's flow control").isEqualTo(100);
  }

  @Test
  void clientStreamingSendsEveryMessage() throws Exception {
    CompletableFuture<String> done = new CompletableFuture<>();
    StreamObserver<String> out = ClientCalls.asyncClientStreamingCall(
        channel.newCall(GrpcOrigin.GATHER, to("echo.test")), observer(done));
    out.onNext("a");
    out.onNext("b");
    out.onNext("c");
    out.onCompleted();
    assertThat(done.get(20, TimeUnit.SECONDS)).isEqualTo("a+b+c");

    CompletableFuture<String> big = new CompletableFuture<>();
    StreamObserver<String> upload = ClientCalls.asyncClientStreamingCall(
        channel.newCall(GrpcOrigin.GATHER, to("echo.test")), observer(big));
    String chunk = "y".repeat(64 * 1024);
    for (int i = 0; i < 32; i++) upload.onNext(chunk);
    upload.onCompleted();
    assertThat(big.get(20, TimeUnit.SECONDS)).isEqualTo("total " + 32L * chunk.length());
  }

  @Test
  void bidiStreamingIsInterleavedNotBuffered() throws Exception {
    BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    CompletableFuture<String> done = new CompletableFuture<>();
    StreamObserver<String> out = ClientCalls.asyncBidiStreamingCall(channel.newCall(GrpcOrigin.CHAT, to("echo.test")),
        new StreamObserver<>() {
          @Override
          public void onNext(String s) {
            replies.add(s);
          }

          @Override
          public void onError(Throwable t) {
            done.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            done.complete("done");
          }
        });
    for (String word : List.of("one", "two", "three")) {
      out.onNext(word);
      // the reply comes before the next request is sent: neither side is buffered whole
      assertThat(replies.poll(10, TimeUnit.SECONDS)).isEqualTo(word.toUpperCase());
    }
    out.onCompleted();
    assertThat(done.get(10, TimeUnit.SECONDS)).isEqualTo("done");
  }

  @Test
  void aClientThatDoesNotReadPausesTheOrigin() throws Exception {
    origin.clear();
    ClientCall<String, String> call = channel.newCall(GrpcOrigin.FLOOD, CallOptions.DEFAULT.withAuthority("echo.test"));
    call.start(new ClientCall.Listener<>() {}, new Metadata()); // asks for no message: its window fills, then stays shut
    call.sendMessage("go");
    call.halfClose();
    for (int i = 0; i < 100 && origin.flooded() == 0; i++) Thread.sleep(100); // the call reaches the origin
    long last = -1;
    long sent = origin.flooded();
    for (int i = 0; i < 100 && sent != last; i++) { // until the origin stops sending for 300 ms
      last = sent;
      Thread.sleep(300);
      sent = origin.flooded();
    }
    // flow control held the origin back: the client's window plus the gateway's 1 MiB stream window
    // (about 2 MiB here; without backpressure the origin sends its whole 64 MiB)
    assertThat(sent).isGreaterThan(0).isLessThan(8L << 20);
    call.cancel("done", null);
    assertThat(origin.nextCancelled()).isEqualTo("Flood");
  }

  @Test
  void statusMessageAndTrailersOfTheOriginPassThrough() {
    assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, GrpcOrigin.FAIL, to("echo.test"), "input"))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
          assertThat(e.getStatus().getDescription()).isEqualTo("refused: input");
          assertThat(e.getTrailers().get(GrpcOrigin.DETAIL)).isEqualTo("detail-input");
        });
  }

  @Test
  void deadlineReachesTheOriginAndExpires() throws Exception {
    origin.clear();
    CallOptions opts = CallOptions.DEFAULT.withAuthority("echo.test").withDeadlineAfter(800, TimeUnit.MILLISECONDS);
    assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, GrpcOrigin.HANG, opts, "wait"))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
    GrpcOrigin.Call call = origin.nextCall();
    assertThat(call.deadlineMillis()).as("grpc-timeout reached the origin").isNotNull().isBetween(1L, 800L);
    assertThat(origin.nextCancelled()).as("the origin's call ended with the deadline").isEqualTo("Hang");
  }

  @Test
  void clientCancellationResetsTheOriginStream() throws Exception {
    origin.clear();
    ClientCall<String, String> call = channel.newCall(GrpcOrigin.HANG, CallOptions.DEFAULT.withAuthority("echo.test"));
    CompletableFuture<Status> closed = new CompletableFuture<>();
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onClose(Status status, Metadata trailers) {
        closed.complete(status);
      }
    }, new Metadata());
    call.sendMessage("wait");
    call.halfClose();
    call.request(1);
    GrpcOrigin.Call seen = origin.nextCall();
    assertThat(seen).as("the call reached the origin").isNotNull();
    assertThat(seen.deadlineMillis()).as("no deadline: only the cancellation can end it").isNull();
    call.cancel("client gave up", null);
    assertThat(closed.get(5, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.CANCELLED);
    assertThat(origin.nextCancelled()).as("RST_STREAM reached the origin").isEqualTo("Hang");
  }

  @Test
  void concurrentCallsShareOneOriginConnectionPerEventLoop() throws Exception {
    int before = origin.transports();
    List<CompletableFuture<String>> calls = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      CompletableFuture<String> f = new CompletableFuture<>();
      ClientCalls.asyncUnaryCall(channel.newCall(GrpcOrigin.SAY, to("echo.test")), "n" + i, observer(f));
      calls.add(f);
    }
    for (int i = 0; i < 40; i++) assertThat(calls.get(i).get(20, TimeUnit.SECONDS)).isEqualTo("hello n" + i);
    // the proxy runs 2 event loops; this client's connection lives on one of them
    assertThat(origin.transports() - before).as("new origin connections").isLessThanOrEqualTo(1);
  }

  @Test
  void originDownIsAnsweredAsKongsErrorHandlerDoes() throws Exception {
    assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, GrpcOrigin.SAY, to("down.test"), "x"))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          // HTTP 502 without a Content-Type (Kong's error handler): grpc-java maps the HTTP status
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
          assertThat(e.getStatus().getDescription()).contains("502");
        });
    HttpResponse<String> r = h2Post("down", "application/grpc");
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.headers().firstValue("grpc-status")).hasValue("13");
    assertThat(r.headers().firstValue("grpc-message")).hasValue("An invalid response was received from the upstream server");
    assertThat(r.headers().firstValue("content-type")).isEmpty();
    assertThat(r.body()).isEmpty();
  }

  @Test
  void originTooSlowIsATimeout() throws Exception {
    HttpResponse<String> r = h2PostGrpc("slow", "/test.Echo/Hang");
    assertThat(r.statusCode()).isEqualTo(504);
    assertThat(r.headers().firstValue("grpc-status")).as("Kong: 504 is DeadlineExceeded").hasValue("4");
    assertThat(r.headers().firstValue("grpc-message")).hasValue("The upstream server is timing out");
  }

  @Test
  void noRouteIsKongsGrpcError() {
    assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, GrpcOrigin.SAY, to("nowhere.test"), "x"))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          // kong.response.error on a gRPC request: Content-Type application/grpc, grpc-status 5, the code's name
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
          assertThat(e.getStatus().getDescription()).isEqualTo("NotFound");
        });
  }

  @Test
  void grpcOverPlainTextOnAGrpcsRouteIsCancelled() {
    assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, GrpcOrigin.SAY, to("secure-only.test"), "x"))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.CANCELLED);
          assertThat(e.getStatus().getDescription()).isEqualTo("gRPC request matched gRPCs route");
        });
  }

  @Test
  void nonGrpcRequestsOnAGrpcRouteAreRefused() throws Exception {
    HttpResponse<String> json = h2Post("echo", "application/json");
    assertThat(json.statusCode()).isEqualTo(415);
    assertThat(Json.parse(json.body()).get("message").asText()).isEqualTo("Non-gRPC request matched gRPC route");

    HttpResponse<String> http1 = proxy.send(HttpRequest.newBuilder(proxy.uri("/test.Echo/Say"))
        .header("x-route", "echo").header("Content-Type", "application/grpc")
        .POST(HttpRequest.BodyPublishers.ofString("")).build());
    assertThat(http1.statusCode()).isEqualTo(426);
    assertThat(Json.parse(http1.body()).get("message").asText()).isEqualTo("Please use HTTP2 protocol");
    assertThat(http1.headers().firstValue("Upgrade")).hasValue("HTTP/2");
  }

  /** A POST over h2 (TLS, ALPN) with the JDK client, to look at the raw status and headers. */
  private static HttpResponse<String> h2Post(String route, String contentType) throws Exception {
    return h2Send(route, "/test.Echo/Say", contentType);
  }

  private static HttpResponse<String> h2PostGrpc(String route, String path) throws Exception {
    return h2Send(route, path, "application/grpc");
  }

  private static HttpResponse<String> h2Send(String route, String path, String contentType) throws Exception {
    try (HttpClient h2 = TlsClient.httpClient(HttpClient.Version.HTTP_2)) {
      // a gRPC frame: not compressed, 1 byte long
      byte[] frame = {0, 0, 0, 0, 1, 'x'};
      HttpRequest req = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + proxy.tlsAddress().getPort() + path))
          .header("x-route", route).header("Content-Type", contentType).header("TE", "trailers")
          .POST(HttpRequest.BodyPublishers.ofByteArray(frame)).timeout(Duration.ofSeconds(20)).build();
      return h2.send(req, HttpResponse.BodyHandlers.ofString());
    }
  }

  private static StreamObserver<String> observer(CompletableFuture<String> f) {
    return new StreamObserver<>() {
      @Override
      public void onNext(String s) {
        f.complete(s);
      }

      @Override
      public void onError(Throwable t) {
        f.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {}
    };
  }
}
