package io.gatehouse.plugins.runtime;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A grpc-java origin serving {@code bouncer.v1.Bouncer} (test resource {@code grpc-gateway/bouncer.proto})
 * with messages described by hand here, independently of the gateway's .proto reader. {@code Missing}
 * is not served (UNIMPLEMENTED); {@code Lookup} answers NOT_FOUND.
 */
final class BouncerOrigin implements AutoCloseable {
  static final String SERVICE = "bouncer.v1.Bouncer";
  static final FileDescriptor FILE = file();
  private final Server server;
  private final BlockingQueue<String> calls = new LinkedBlockingQueue<>();

  BouncerOrigin() {
    ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
        .addMethod(unary("SayHello", "HelloRequest", "HelloReply"), ServerCalls.asyncUnaryCall((req, out) -> {
          out.onNext(message("HelloReply").setField(field("HelloReply", "reply"), "hello " + get(req, "greeting"))
              .setField(field("HelloReply", "boolean_test"), get(req, "boolean_test")).build());
          out.onCompleted();
        }))
        .addMethod(unary("Lookup", "HelloRequest", "HelloReply"), ServerCalls.asyncUnaryCall((req, out) ->
            out.onError(Status.NOT_FOUND.withDescription("no " + get(req, "greeting")).asRuntimeException())))
        .addMethod(unary("Bounce", "BallIn", "BallOut"), ServerCalls.asyncUnaryCall((req, out) -> {
          Timestamp when = timestamp(get(req, "when"));
          Timestamp now = timestamp(get(req, "now"));
          out.onNext(message("BallOut").setField(field("BallOut", "reply"), "hello " + get(req, "message"))
              .setField(field("BallOut", "seconds_ago"), now.getSeconds() - when.getSeconds())
              .setField(field("BallOut", "now"), now).build());
          out.onCompleted();
        }))
        .addMethod(unary("GrowTail", "Creature", "Creature"), ServerCalls.asyncUnaryCall((req, out) -> {
          DynamicMessage tail = (DynamicMessage) get(req, "tail");
          int count = (int) tail.getField(field("Limb", "count"));
          DynamicMessage grown = tail.toBuilder().setField(field("Limb", "count"), count + 1).build();
          out.onNext(req.toBuilder().setField(field("Creature", "tail"), grown).build());
          out.onCompleted();
        }))
        .addMethod(unary("Echo", "EchoMessage", "EchoMessage"), ServerCalls.asyncUnaryCall((req, out) -> {
          out.onNext(req);
          out.onCompleted();
        }))
        .addMethod(method("Count", "CountRequest", "Tick", MethodDescriptor.MethodType.SERVER_STREAMING),
            ServerCalls.asyncServerStreamingCall((req, out) -> {
              int upto = (int) get(req, "upto");
              for (int i = 0; i < upto; i++) out.onNext(message("Tick").setField(field("Tick", "i"), i).build());
              out.onCompleted();
            }))
        .build();
    try {
      server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
          .addService(ServerInterceptors.intercept(service, new Recorder())).build().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return server.getPort();
  }

  /** The full method name of the next call the origin received. */
  String nextCall() throws InterruptedException {
    String c = calls.poll(10, TimeUnit.SECONDS);
    if (c == null) throw new AssertionError("no call reached the origin");
    return c;
  }

  void clear() {
    calls.clear();
  }

  @Override
  public void close() {
    server.shutdownNow();
  }

  private final class Recorder implements ServerInterceptor {
    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata h, ServerCallHandler<Q, A> next) {
      calls.add(call.getMethodDescriptor().getFullMethodName() + " " + h.get(Metadata.Key.of("content-type",
          Metadata.ASCII_STRING_MARSHALLER)));
      return next.startCall(call, h);
    }
  }

  static Descriptor type(String name) {
    return FILE.findMessageTypeByName(name);
  }

  private static DynamicMessage.Builder message(String type) {
    return DynamicMessage.newBuilder(type(type));
  }

  private static com.google.protobuf.Descriptors.FieldDescriptor field(String type, String name) {
    return type(type).findFieldByName(name);
  }

  private static Object get(DynamicMessage m, String name) {
    return m.getField(m.getDescriptorForType().findFieldByName(name));
  }

  private static Timestamp timestamp(Object dynamic) {
    try {
      return Timestamp.parseFrom(((com.google.protobuf.Message) dynamic).toByteString());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  private static MethodDescriptor<DynamicMessage, DynamicMessage> unary(String name, String in, String out) {
    return method(name, in, out, MethodDescriptor.MethodType.UNARY);
  }

  private static MethodDescriptor<DynamicMessage, DynamicMessage> method(String name, String in, String out,
      MethodDescriptor.MethodType kind) {
    return MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder().setType(kind)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
        .setRequestMarshaller(marshaller(type(in))).setResponseMarshaller(marshaller(type(out))).build();
  }

  private static MethodDescriptor.Marshaller<DynamicMessage> marshaller(Descriptor type) {
    return new MethodDescriptor.Marshaller<>() {
      @Override
      public InputStream stream(DynamicMessage value) {
        return value.toByteString().newInput();
      }

      @Override
      public DynamicMessage parse(InputStream stream) {
        try {
          return DynamicMessage.parseFrom(type, stream);
        } catch (IOException e) {
          throw Status.INTERNAL.withCause(e).asRuntimeException();
        }
      }
    };
  }

  // --- the messages of bouncer.proto, by hand ---

  private static FileDescriptor file() {
    FileDescriptorProto proto = FileDescriptorProto.newBuilder()
        .setName("bouncer-by-hand.proto").setPackage("bouncer.v1").setSyntax("proto3")
        .addDependency("google/protobuf/timestamp.proto")
        .addMessageType(msg("HelloRequest", scalar("greeting", 1, FieldDescriptorProto.Type.TYPE_STRING),
            scalar("boolean_test", 2, FieldDescriptorProto.Type.TYPE_BOOL)))
        .addMessageType(msg("HelloReply", scalar("reply", 1, FieldDescriptorProto.Type.TYPE_STRING),
            scalar("boolean_test", 2, FieldDescriptorProto.Type.TYPE_BOOL)))
        .addMessageType(msg("BallIn", scalar("message", 1, FieldDescriptorProto.Type.TYPE_STRING),
            ref("when", 2, ".google.protobuf.Timestamp"), ref("now", 3, ".google.protobuf.Timestamp")))
        .addMessageType(msg("BallOut", scalar("reply", 1, FieldDescriptorProto.Type.TYPE_STRING),
            scalar("seconds_ago", 2, FieldDescriptorProto.Type.TYPE_INT64), ref("now", 3, ".google.protobuf.Timestamp")))
        .addMessageType(msg("Limb", scalar("count", 1, FieldDescriptorProto.Type.TYPE_INT32),
            scalar("endings", 2, FieldDescriptorProto.Type.TYPE_STRING)))
        .addMessageType(msg("Creature", scalar("name", 1, FieldDescriptorProto.Type.TYPE_STRING),
            ref("hands", 2, ".bouncer.v1.Limb"), ref("legs", 3, ".bouncer.v1.Limb"), ref("tail", 4, ".bouncer.v1.Limb")))
        .addMessageType(msg("EchoMessage",
            scalar("array", 1, FieldDescriptorProto.Type.TYPE_STRING).toBuilder()
                .setLabel(FieldDescriptorProto.Label.LABEL_REPEATED).build(),
            scalar("nullable", 2, FieldDescriptorProto.Type.TYPE_STRING),
            scalar("big", 3, FieldDescriptorProto.Type.TYPE_INT64)))
        .addMessageType(msg("CountRequest", scalar("upto", 1, FieldDescriptorProto.Type.TYPE_INT32)))
        .addMessageType(msg("Tick", scalar("i", 1, FieldDescriptorProto.Type.TYPE_INT32)))
        .build();
    try {
      return FileDescriptor.buildFrom(proto, new FileDescriptor[] {Timestamp.getDescriptor().getFile()});
    } catch (DescriptorValidationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static DescriptorProto msg(String name, FieldDescriptorProto... fields) {
    DescriptorProto.Builder b = DescriptorProto.newBuilder().setName(name);
    for (FieldDescriptorProto f : fields) b.addField(f);
    return b.build();
  }

  private static FieldDescriptorProto scalar(String name, int number, FieldDescriptorProto.Type type) {
    return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type)
        .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL).build();
  }

  private static FieldDescriptorProto ref(String name, int number, String typeName) {
    return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(FieldDescriptorProto.Type.TYPE_MESSAGE)
        .setTypeName(typeName).setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL).build();
  }
}
