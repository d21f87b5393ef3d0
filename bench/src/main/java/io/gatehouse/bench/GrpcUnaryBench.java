package io.gatehouse.bench;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A ghz-style unary gRPC load: {@code concurrency} calls in flight on one h2c channel for
 * {@code seconds}, reporting calls/s and p50/p99. {@code server PORT} runs the echo service
 * ({@code bench.Echo/Say}, bytes in, the same bytes out) the gateway's grpc route points to;
 * {@code client NAME HOST:PORT SECONDS CONCURRENCY SIZE} loads one target and prints one line
 * {@code NAME calls/s p50_us p99_us errors}. bench/h2/grpc-unary.sh runs both directly and through
 * the gateway and computes the overhead per call.
 */
public final class GrpcUnaryBench {
  static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };
  static final MethodDescriptor<byte[], byte[]> SAY = MethodDescriptor.<byte[], byte[]>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY)
      .setFullMethodName(MethodDescriptor.generateFullMethodName("bench.Echo", "Say"))
      .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();

  private GrpcUnaryBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("server")) {
      server(Integer.parseInt(args[1]));
    } else if (args.length == 6 && args[0].equals("client")) {
      String[] hostPort = args[2].split(":");
      client(args[1], hostPort[0], Integer.parseInt(hostPort[1]), Integer.parseInt(args[3]), Integer.parseInt(args[4]),
          Integer.parseInt(args[5]));
    } else {
      System.err.println("usage: server PORT | client NAME HOST:PORT SECONDS CONCURRENCY SIZE");
      System.exit(2);
    }
  }

  private static void server(int port) throws Exception {
    ServerServiceDefinition echo = ServerServiceDefinition.builder("bench.Echo")
        .addMethod(SAY, ServerCalls.asyncUnaryCall((byte[] request, StreamObserver<byte[]> out) -> {
          out.onNext(request);
          out.onCompleted();
        }))
        .build();
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port)).addService(echo).build().start();
    System.out.println("grpc echo listening on 127.0.0.1:" + port);
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
    server.awaitTermination();
  }

  private static void client(String name, String host, int port, int seconds, int concurrency, int size)
      throws InterruptedException {
    ManagedChannel channel = NettyChannelBuilder.forAddress(host, port).usePlaintext().build();
    byte[] payload = new byte[size];
    Arrays.fill(payload, (byte) 'x');
    // a short warm-up, not recorded
    run(channel, payload, concurrency, Math.max(1, seconds / 5), null);
    long[] latencies = new long[1 << 22];
    AtomicLong count = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long start = System.nanoTime();
    run(channel, payload, concurrency, seconds, new Recorder(latencies, count, errors));
    double elapsed = (System.nanoTime() - start) / 1e9;
    int n = (int) Math.min(count.get(), latencies.length);
    long[] sorted = Arrays.copyOf(latencies, n);
    Arrays.sort(sorted);
    long p50 = n == 0 ? 0 : sorted[Math.max(0, (int) (n * 0.50) - 1)] / 1000;
    long p99 = n == 0 ? 0 : sorted[Math.max(0, (int) (n * 0.99) - 1)] / 1000;
    System.out.printf("%s %.0f %d %d %d%n", name, count.get() / elapsed, p50, p99, errors.get());
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  private record Recorder(long[] latencies, AtomicLong count, AtomicLong errors) {
    void record(long nanos) {
      long i = count.getAndIncrement();
      if (i < latencies.length) latencies[(int) i] = nanos;
    }
  }

  /** Keeps {@code concurrency} calls in flight: each finished call starts the next until time is up. */
  private static void run(ManagedChannel channel, byte[] payload, int concurrency, int seconds, @Nullable Recorder recorder)
      throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    CountDownLatch done = new CountDownLatch(concurrency);
    for (int i = 0; i < concurrency; i++) next(channel, payload, end, recorder, done);
    done.await();
  }

  private static void next(ManagedChannel channel, byte[] payload, long end, @Nullable Recorder recorder,
      CountDownLatch done) {
    if (System.nanoTime() >= end) {
      done.countDown();
      return;
    }
    long start = System.nanoTime();
    ClientCalls.asyncUnaryCall(channel.newCall(SAY, CallOptions.DEFAULT), payload, new StreamObserver<>() {
      @Override
      public void onNext(byte[] value) {}

      @Override
      public void onError(Throwable t) {
        if (recorder != null) recorder.errors().incrementAndGet();
        next(channel, payload, end, recorder, done);
      }

      @Override
      public void onCompleted() {
        if (recorder != null) recorder.record(System.nanoTime() - start);
        next(channel, payload, end, recorder, done);
      }
    });
  }
}
