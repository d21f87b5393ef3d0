package io.gatehouse.plugins.grpcweb;

import org.jspecify.annotations.Nullable;

/**
 * The gRPC-Web content types Kong's grpc-web knows (its {@code deco.lua} tables): whether the body is
 * base64 text, whether the messages are protobuf (passed as they are) or JSON (transcoded with the
 * {@code proto} file), and whether they are gRPC-framed ({@code application/json} is one bare JSON
 * message, and its answer has no trailer frame).
 */
enum GrpcWebMode {
  BINARY_PROTO(false, true, true),
  TEXT_PROTO(true, true, true),
  BINARY_JSON(false, false, true),
  TEXT_JSON(true, false, true),
  JSON(false, false, false);

  final boolean text;
  final boolean proto;
  final boolean framed;

  GrpcWebMode(boolean text, boolean proto, boolean framed) {
    this.text = text;
    this.proto = proto;
    this.framed = framed;
  }

  /** The mode of a request's exact Content-Type, or null when Kong's tables do not have it. */
  static @Nullable GrpcWebMode of(@Nullable String contentType) {
    if (contentType == null) return null;
    return switch (contentType) {
      case "application/grpc-web", "application/grpc-web+proto" -> BINARY_PROTO;
      case "application/grpc-web-text", "application/grpc-web-text+proto" -> TEXT_PROTO;
      case "application/grpc-web+json" -> BINARY_JSON;
      case "application/grpc-web-text+json" -> TEXT_JSON;
      case "application/json" -> JSON;
      default -> null;
    };
  }
}
