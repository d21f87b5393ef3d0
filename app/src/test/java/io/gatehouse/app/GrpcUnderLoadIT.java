package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.proxy.testing.GrpcOrigin;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gRPC unary calls under load through a whole node whose HTTP/2 connections end every 100 streams
 * ({@code keepalive_requests}, as nginx: GOAWAY, the open streams finish, then the connection closes):
 * real grpc-java clients on several threads, many calls in flight on each connection when its GOAWAY
 * comes, and not one call may fail — streams the gateway accepted are answered, the ones past the
 * GOAWAY's last-stream-id are refused untouched (the client retries them on a new connection), and
 * the close loses nothing the client has not read yet.
 */
class GrpcUnderLoadIT {
  static final int KEEPALIVE_REQUESTS = 100;
  static final int CLIENTS = 4; // threads, one channel (connection) each
  static final int IN_FLIGHT = 24; // calls in flight per client
  static final int CALLS_PER_CLIENT = 600;

  @TempDir Path prefix;

  @Test
  void thousandsOfUnaryCallsAcrossManyGoawaysAllSucceed() throws Exception {
    try (GrpcOrigin origin = GrpcOrigin.start();
        WholeNode node = new WholeNode(prefix, Map.of("proxy_listen", "127.0.0.1:0 http2",
            "nginx_proxy_keepalive_requests", Integer.toString(KEEPALIVE_REQUESTS)))) {
      node.create("/services", "{\"name\":\"grpc\",\"url\":\"grpc://127.0.0.1:" + origin.port() + "\"}");
      node.create("/services/grpc/routes", "{\"protocols\":[\"grpc\"],\"paths\":[\"/" + GrpcOrigin.SERVICE + "/\"]}");
      int port = node.node.component(io.gatehouse.proxy.ProxyServer.class).orElseThrow().boundAddresses().getFirst().getPort();
      long acceptedBefore = acceptedConnections(node);

      Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
      LongAdder answered = new LongAdder();
      List<ManagedChannel> channels = new ArrayList<>();
      List<Thread> clients = new ArrayList<>();
      CountDownLatch done = new CountDownLatch(CLIENTS * CALLS_PER_CLIENT);
      for (int c = 0; c < CLIENTS; c++) {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        channels.add(channel);
        String client = "c" + c;
        clients.add(Thread.ofPlatform().name("grpc-load-" + c).start(
            () -> load(channel, client, answered, failures, done)));
      }
      try {
        assertThat(done.await(180, TimeUnit.SECONDS)).as("all calls finished (answered %s, failures %s)", answered, failures)
            .isTrue();
      } finally {
        for (Thread t : clients) t.interrupt();
        for (ManagedChannel ch : channels) ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }

      assertThat(failures).as("failed calls by status").isEmpty();
      assertThat(answered.sum()).isEqualTo((long) CLIENTS * CALLS_PER_CLIENT);
      // each connection got GOAWAY after 100 streams, and at most the calls then in flight still complete on it
      // (the GOAWAY leaves them room): every client had to reconnect at least ceil(600 / (100 + 24)) times, where
      // without GOAWAYs it would keep its one connection
      long perConnectionAtMost = KEEPALIVE_REQUESTS + IN_FLIGHT;
      assertThat(acceptedConnections(node) - acceptedBefore).as("connections the gateway accepted")
          .isGreaterThanOrEqualTo(CLIENTS * Math.ceilDiv(CALLS_PER_CLIENT, perConnectionAtMost));
    }
  }

  /** {@code CALLS_PER_CLIENT} calls, at most {@code IN_FLIGHT} at a time, each checked for its answer. */
  private static void load(ManagedChannel channel, String client, LongAdder answered, Map<String, AtomicInteger> failures,
      CountDownLatch done) {
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    for (int i = 0; i < CALLS_PER_CLIENT; i++) {
      try {
        inFlight.acquire();
      } catch (InterruptedException e) {
        return;
      }
      String request = client + "-" + i;
      ClientCalls.asyncUnaryCall(channel.newCall(GrpcOrigin.SAY, CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS)),
          request, new StreamObserver<>() {
            private boolean right;

            @Override
            public void onNext(String reply) {
              right = reply.equals("hello " + request);
            }

            @Override
            public void onError(Throwable t) {
              Status s = Status.fromThrowable(t);
              failures.computeIfAbsent(s.getCode() + ": " + s.getDescription(), k -> new AtomicInteger()).incrementAndGet();
              finish();
            }

            @Override
            public void onCompleted() {
              if (right) answered.increment();
              else failures.computeIfAbsent("wrong answer", k -> new AtomicInteger()).incrementAndGet();
              finish();
            }

            private void finish() {
              inFlight.release();
              done.countDown();
            }
          });
    }
  }

  private static long acceptedConnections(WholeNode node) {
    return node.admin.get("/status").json().path("server").path("connections_accepted").asLong();
  }
}
