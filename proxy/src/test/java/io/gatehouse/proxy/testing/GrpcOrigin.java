package io.gatehouse.proxy.testing;

import io.gatehouse.proxy.tls.PemKeyPair;
import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServerTransportFilter;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A real grpc-java server on 127.0.0.1 for proxy tests (plain h2c, or TLS with ALPN h2), serving
 * {@code test.Echo} with text messages (a UTF-8 marshaller instead of protobuf): one method per call
 * kind, one that fails with a status and trailers, one that waits until it is cancelled. It records
 * the metadata of each call, the calls cancelled, and the transports (connections) it accepted.
 */
public final class GrpcOrigin implements AutoCloseable {
  public static final String SERVICE = "test.Echo";

  /** Text messages as UTF-8 bytes. */
  public static final MethodDescriptor.Marshaller<String> TEXT = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(String value) {
      return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream stream) {
      try {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  /** Unary: answers {@code hello <request>}. */
  public static final MethodDescriptor<String, String> SAY = method("Say", MethodDescriptor.MethodType.UNARY);
  /** Server streaming: the request is {@code count:size}; answers count messages of size bytes each. */
  public static final MethodDescriptor<String, String> MANY = method("Many", MethodDescriptor.MethodType.SERVER_STREAMING);
  /** Client streaming: answers the requests joined with {@code +} (or their total length when long). */
  public static final MethodDescriptor<String, String> GATHER = method("Gather", MethodDescriptor.MethodType.CLIENT_STREAMING);
  /** Bidi: answers each request at once, upper-cased. */
  public static final MethodDescriptor<String, String> CHAT = method("Chat", MethodDescriptor.MethodType.BIDI_STREAMING);
  /** Unary: fails with FAILED_PRECONDITION, the request as the message and a trailer {@code x-detail}. */
  public static final MethodDescriptor<String, String> FAIL = method("Fail", MethodDescriptor.MethodType.UNARY);
  /** Unary: never answers; the call's cancellation is recorded. */
  public static final MethodDescriptor<String, String> HANG = method("Hang", MethodDescriptor.MethodType.UNARY);
  /** Server streaming: sends 16 KiB messages as long as the call is ready (flow control allows), up to 64 MiB. */
  public static final MethodDescriptor<String, String> FLOOD = method("Flood", MethodDescriptor.MethodType.SERVER_STREAMING);
  public static final Metadata.Key<String> DETAIL = Metadata.Key.of("x-detail", Metadata.ASCII_STRING_MARSHALLER);

  private final Server server;
  /** What the origin saw of one call: its metadata, {@code :authority}, and the deadline left (ms) if any. */
  public record Call(Metadata headers, @Nullable String authority, @Nullable Long deadlineMillis) {
    public @Nullable String header(String name) {
      return headers.get(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER));
    }
  }

  private final BlockingQueue<Call> headers = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> cancelled = new LinkedBlockingQueue<>();
  private final AtomicInteger transports = new AtomicInteger();
  private final java.util.concurrent.atomic.AtomicLong flooded = new java.util.concurrent.atomic.AtomicLong();

  private GrpcOrigin(@Nullable PemKeyPair tls) {
    NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(ServerInterceptors.intercept(service(), new Recorder()))
        .addTransportFilter(new ServerTransportFilter() {
          @Override
          public Attributes transportReady(Attributes a) {
            transports.incrementAndGet();
            return a;
          }
        });
    if (tls != null) {
      try {
        b.sslContext(GrpcSslContexts.forServer(
            new ByteArrayInputStream(tls.certificateChain().getBytes(StandardCharsets.US_ASCII)),
            new ByteArrayInputStream(tls.privateKey().getBytes(StandardCharsets.US_ASCII))).build());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    try {
      server = b.build().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A plain-text (h2c) origin. */
  public static GrpcOrigin start() {
    return new GrpcOrigin(null);
  }

  /** A TLS origin (h2 through ALPN) with this certificate. */
  public static GrpcOrigin startTls(PemKeyPair certificate) {
    return new GrpcOrigin(certificate);
  }

  public int port() {
    return server.getPort();
  }

  /** The next call the origin received (waits up to 5 s); null when none came. */
  public @Nullable Call nextCall() throws InterruptedException {
    return headers.poll(5, java.util.concurrent.TimeUnit.SECONDS);
  }

  /** The method of the next call that was cancelled (waits up to 5 s); null when none was. */
  public @Nullable String nextCancelled() throws InterruptedException {
    return cancelled.poll(5, java.util.concurrent.TimeUnit.SECONDS);
  }

  /** Bytes the Flood method has sent so far. */
  public long flooded() {
    return flooded.get();
  }

  /** Connections accepted so far. */
  public int transports() {
    return transports.get();
  }

  public void clear() {
    headers.clear();
    cancelled.clear();
  }

  @Override
  public void close() {
    server.shutdownNow();
  }

  private static MethodDescriptor<String, String> method(String name, MethodDescriptor.MethodType type) {
    return MethodDescriptor.<String, String>newBuilder()
        .setType(type)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
        .setRequestMarshaller(TEXT)
        .setResponseMarshaller(TEXT)
        .build();
  }

  private ServerServiceDefinition service() {
    return ServerServiceDefinition.builder(SERVICE)
        .addMethod(SAY, ServerCalls.asyncUnaryCall((req, out) -> {
          out.onNext("hello " + req);
          out.onCompleted();
        }))
        .addMethod(MANY, ServerCalls.asyncServerStreamingCall((req, out) -> {
          String[] p = req.split(":");
          String chunk = "x".repeat(Integer.parseInt(p[1]));
          for (int i = 0; i < Integer.parseInt(p[0]); i++) out.onNext(i + ":" + chunk);
          out.onCompleted();
        }))
        .addMethod(GATHER, ServerCalls.asyncClientStreamingCall(out -> new StreamObserver<String>() {
          final List<String> got = new ArrayList<>();
          long total;

          @Override
          public void onNext(String s) {
            total += s.length();
            if (s.length() < 100) got.add(s);
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {
            out.onNext(total >= 100 ? "total " + total : String.join("+", got));
            out.onCompleted();
          }
        }))
        .addMethod(CHAT, ServerCalls.asyncBidiStreamingCall(out -> new StreamObserver<String>() {
          @Override
          public void onNext(String s) {
            out.onNext(s.toUpperCase(Locale.ROOT));
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {
            out.onCompleted();
          }
        }))
        .addMethod(FAIL, ServerCalls.asyncUnaryCall((req, out) -> {
          Metadata trailers = new Metadata();
          trailers.put(DETAIL, "detail-" + req);
          out.onError(Status.FAILED_PRECONDITION.withDescription("refused: " + req).asRuntimeException(trailers));
        }))
        .addMethod(FLOOD, ServerCalls.asyncServerStreamingCall((req, out) -> {
          ServerCallStreamObserver<String> call = (ServerCallStreamObserver<String>) out;
          String chunk = "f".repeat(16 * 1024);
          call.setOnCancelHandler(() -> {}); // recorded by the Recorder; set so that onNext after it is quiet
          call.setOnReadyHandler(() -> {
            while (call.isReady() && !call.isCancelled() && flooded.get() < 64L << 20) {
              call.onNext(chunk);
              flooded.addAndGet(chunk.length());
            }
          });
        }))
        .addMethod(HANG, ServerCalls.asyncUnaryCall((req, out) -> {
          // never answers; its cancellation is recorded by the Recorder
        }))
        .build();
  }

  /** Records each call's metadata, and its cancellation (even one that comes before its message). */
  private final class Recorder implements ServerInterceptor {
    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata h, ServerCallHandler<Q, A> next) {
      io.grpc.Deadline d = io.grpc.Context.current().getDeadline();
      headers.add(new Call(h, call.getAuthority(),
          d == null ? null : d.timeRemaining(java.util.concurrent.TimeUnit.MILLISECONDS)));
      String method = call.getMethodDescriptor().getBareMethodName();
      return new io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener<Q>(next.startCall(call, h)) {
        @Override
        public void onCancel() {
          cancelled.add(method);
          super.onCancel();
        }
      };
    }
  }
}
