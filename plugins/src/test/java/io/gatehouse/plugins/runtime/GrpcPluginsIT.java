package io.gatehouse.plugins.runtime;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.plugins.testing.PluginGateway;
import io.gatehouse.proxy.testing.GrpcOrigin;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Plugins on {@code grpc} routes with a real grpc-java client and origin: credentials and counters
 * come from gRPC metadata, and a plugin's answer reaches the client as the gRPC status Kong 3.9 gives
 * (kong.response.error: Content-Type application/grpc and the code's name; kong.response.exit: the
 * message as grpc-message).
 */
class GrpcPluginsIT {
  static PluginGateway gw;
  static GrpcOrigin origin;
  static ManagedChannel channel;

  @BeforeAll
  static void start() {
    origin = GrpcOrigin.start();
    gw = new PluginGateway(b -> b.http2Listen(Set.of(new InetSocketAddress("127.0.0.1", 0))));
    var bob = gw.consumer("bob");
    var alice = gw.consumer("alice");
    gw.insert("keyauth_credentials", "{\"key\":\"bob-key\"," + ref("consumer", bob) + "}");
    gw.insert("keyauth_credentials", "{\"key\":\"alice-key\"," + ref("consumer", alice) + "}");
    gw.insert("acls", "{\"group\":\"grpc-users\"," + ref("consumer", bob) + "}");
    gw.plugin("key-auth", "{}", ref("route", grpcRoute("key.test")));
    ObjectNode acl = grpcRoute("acl.test");
    gw.plugin("key-auth", "{}", ref("route", acl));
    gw.plugin("acl", "{\"allow\":[\"grpc-users\"]}", ref("route", acl));
    gw.plugin("rate-limiting", "{\"minute\":2,\"policy\":\"local\"}", ref("route", grpcRoute("limited.test")));
    gw.plugin("request-termination", "{\"status_code\":503,\"message\":\"down for maintenance\"}",
        ref("route", grpcRoute("closed.test")));
    gw.apply();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", gw.port()).usePlaintext().build();
  }

  @AfterAll
  static void stop() {
    channel.shutdownNow();
    origin.close();
    gw.close();
  }

  /** A grpc service on the origin and a grpc route by host; returns the route. */
  static ObjectNode grpcRoute(String host) {
    ObjectNode svc = gw.insert("services", "{\"protocol\":\"grpc\",\"host\":\"127.0.0.1\",\"port\":" + origin.port() + "}");
    return gw.insert("routes", "{\"protocols\":[\"grpc\"],\"hosts\":[\"" + host + "\"],"
        + ref("service", svc) + "}");
  }

  static CallOptions to(String authority) {
    return CallOptions.DEFAULT.withAuthority(authority).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  static Channel withMetadata(String key, String value) {
    Metadata m = new Metadata();
    m.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), value);
    return ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(m));
  }

  static StatusRuntimeException failure(Channel ch, String authority) {
    try {
      ClientCalls.blockingUnaryCall(ch, GrpcOrigin.SAY, to(authority), "x");
    } catch (StatusRuntimeException e) {
      return e;
    }
    throw new AssertionError("the call succeeded");
  }

  @Test
  void keyAuthReadsTheKeyFromMetadata() throws Exception {
    StatusRuntimeException none = failure(channel, "key.test");
    assertThat(none.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(none.getStatus().getDescription()).as("kong.response.error sends the code's name").isEqualTo("Unauthenticated");
    assertThat(failure(withMetadata("apikey", "wrong"), "key.test").getStatus().getCode())
        .isEqualTo(Status.Code.UNAUTHENTICATED);

    origin.clear();
    assertThat(ClientCalls.blockingUnaryCall(withMetadata("apikey", "bob-key"), GrpcOrigin.SAY, to("key.test"), "bob"))
        .isEqualTo("hello bob");
    GrpcOrigin.Call call = origin.nextCall();
    assertThat(call.header("x-consumer-username")).isEqualTo("bob");
  }

  @Test
  void aclAllowsItsGroupOnly() {
    assertThat(ClientCalls.blockingUnaryCall(withMetadata("apikey", "bob-key"), GrpcOrigin.SAY, to("acl.test"), "in"))
        .isEqualTo("hello in");
    StatusRuntimeException alice = failure(withMetadata("apikey", "alice-key"), "acl.test");
    assertThat(alice.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(alice.getStatus().getDescription()).isEqualTo("PermissionDenied");
  }

  @Test
  void rateLimitingCountsCallsAndAnswersResourceExhausted() {
    for (int i = 1; i <= 2; i++) {
      AtomicReference<Metadata> headers = new AtomicReference<>();
      AtomicReference<Metadata> trailers = new AtomicReference<>();
      Channel ch = ClientInterceptors.intercept(channel, MetadataUtils.newCaptureMetadataInterceptor(headers, trailers));
      assertThat(ClientCalls.blockingUnaryCall(ch, GrpcOrigin.SAY, to("limited.test"), "n" + i)).isEqualTo("hello n" + i);
      assertThat(headers.get().get(key("x-ratelimit-limit-minute"))).isEqualTo("2");
      assertThat(headers.get().get(key("x-ratelimit-remaining-minute"))).isEqualTo(Integer.toString(2 - i));
    }
    StatusRuntimeException over = failure(channel, "limited.test");
    assertThat(over.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(over.getStatus().getDescription()).isEqualTo("ResourceExhausted");
    assertThat(over.getTrailers().get(key("ratelimit-remaining"))).isEqualTo("0");
    assertThat(over.getTrailers().get(key("retry-after"))).isNotNull();
  }

  @Test
  void requestTerminationExitsWithItsMessage() {
    StatusRuntimeException e = failure(channel, "closed.test");
    // kong.response.exit(503, {message = ...}) on a gRPC request: grpc-status 14 and the message, no
    // Content-Type, HTTP 503 — grpc-java reads the HTTP status then (503 is UNAVAILABLE too)
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(e.getStatus().getDescription()).contains("503").contains("grpc-message=down for maintenance")
        .contains("grpc-status=14");
  }

  private static Metadata.Key<String> key(String name) {
    return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
  }
}
