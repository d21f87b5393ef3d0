package io.gatehouse.proxy.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.model.Route;
import io.gatehouse.proxy.http.ErrorBody;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The gateway's own answers to gRPC requests, as Kong 3.9 gives them ({@code kong/pdk/response.lua}:
 * {@code send}, {@code error}; {@code kong/error_handlers.lua}; the route checks of
 * {@code kong/runloop/handler.lua}). The HTTP status stays what it was; {@code grpc-status} comes
 * from Kong's HTTP-to-gRPC table and {@code grpc-message} from the message or Kong's code names; the
 * body is empty, so over HTTP/2 the answer is one HEADERS frame that ends the stream (a gRPC
 * "trailers-only" response). Stateless.
 */
final class GrpcReplies {
  static final String CONTENT_TYPE = "application/grpc";
  private static final int UNKNOWN = 2;
  /** Kong's GRPC_MESSAGES: the code names, indexed by code. */
  private static final String[] NAMES = {"OK", "Canceled", "Unknown", "InvalidArgument", "DeadlineExceeded", "NotFound",
      "AlreadyExists", "PermissionDenied", "ResourceExhausted", "FailedPrecondition", "Aborted", "OutOfRange",
      "Unimplemented", "Internal", "Unavailable", "DataLoss", "Unauthenticated"};

  private GrpcReplies() {}

  /** Kong's {@code is_grpc_request}: an HTTP/2 request whose Content-Type begins with application/grpc. */
  static boolean isGrpcRequest(Downstream down, HttpRequest request) {
    return down.http2() && isGrpc(request.headers().get(HttpHeaderNames.CONTENT_TYPE));
  }

  static boolean isGrpc(@Nullable String contentType) {
    return contentType != null && contentType.startsWith(CONTENT_TYPE);
  }

  /** Kong's HTTP_TO_GRPC_STATUS, with its fallbacks by class (5xx Internal, 4xx InvalidArgument, 2xx OK). */
  static int grpcStatus(int http) {
    return switch (http) {
      case 200 -> 0;
      case 400 -> 3;
      case 401 -> 16;
      case 403 -> 7;
      case 404 -> 5;
      case 409 -> 6;
      case 429 -> 8;
      case 499 -> 1;
      case 500 -> 13;
      case 501 -> 12;
      case 503 -> 14;
      case 504 -> 4;
      default -> http >= 500 && http <= 599 ? 13 : http >= 400 && http <= 499 ? 3 : http >= 200 && http <= 299 ? 0 : UNKNOWN;
    };
  }

  /**
   * Kong's check after a route with {@code grpc}/{@code grpcs} matched: a gRPC request over HTTP/1.x
   * gets 426, a request that is not gRPC 415 (both {@code kong.response.error}), a gRPC request over
   * plain text on a grpcs-only route a gRPC status 1. Null when the request may go on.
   */
  static LocalReply.@Nullable Reply routeMismatch(Downstream down, HttpRequest request, Route route, String scheme,
      String requestId) {
    var protocols = route.protocols();
    boolean grpc = protocols.contains("grpc");
    if (!grpc && !protocols.contains("grpcs")) return null;
    if (!isGrpc(request.headers().get(HttpHeaderNames.CONTENT_TYPE))) {
      return coreError(request, 415, "Non-gRPC request matched gRPC route", requestId, Map.of());
    }
    if (!down.http2()) {
      return coreError(request, 426, "Please use HTTP2 protocol", requestId, Map.of("Connection", "Upgrade", "Upgrade", "HTTP/2"));
    }
    if (!grpc && !scheme.equals("https")) {
      Map<String, String> h = new LinkedHashMap<>();
      h.put("Content-Type", CONTENT_TYPE);
      h.put("grpc-status", "1");
      h.put("grpc-message", "gRPC request matched gRPCs route");
      return send(200, null, h);
    }
    return null;
  }

  private static LocalReply.Reply coreError(HttpRequest request, int status, String message, String requestId,
      Map<String, String> headers) {
    ErrorBody b = LocalReply.core(request, status, message, requestId);
    return new LocalReply.Reply(status, b.contentType(), LocalReply.bytes(b), headers);
  }

  /**
   * {@code kong.response.error} on a gRPC request: Content-Type application/grpc, no body, and the
   * code's name as {@code grpc-message} (the message given is not sent). Null when a plugin set a
   * Content-Type that is not gRPC: that answer is rendered as for any request.
   */
  static LocalReply.@Nullable Reply error(int status, Map<String, String> headers) {
    String type = header(headers, "Content-Type");
    if (type != null && !isGrpc(type)) return null;
    Map<String, String> h = new LinkedHashMap<>(headers);
    if (type == null) h.put("Content-Type", CONTENT_TYPE);
    return send(status, null, h);
  }

  /**
   * {@code kong.response.exit} on a gRPC request (also what Kong's error handler calls for an nginx
   * error, with {@code {message = ...}}). {@code body} as the exit had it: a text, or a table whose
   * {@code message} is the text. Null when the headers set a Content-Type that is not gRPC.
   */
  static LocalReply.@Nullable Reply exit(int status, @Nullable String message, Map<String, String> headers) {
    String type = header(headers, "Content-Type");
    if (type != null && !isGrpc(type)) return null;
    return send(status, message, headers);
  }

  /** The message of a plugin's exit body as Kong's {@code send} sees it: JSON table's {@code message}, else the text. */
  static @Nullable String exitMessage(@Nullable String contentType, byte[] body) {
    if (body.length == 0) return null;
    if (contentType != null && contentType.startsWith("application/json")) {
      JsonNode m;
      try {
        m = Json.parse(new String(body, StandardCharsets.UTF_8)).get("message");
      } catch (IllegalArgumentException e) {
        return null;
      }
      return m != null && m.isTextual() ? m.asText() : null;
    }
    return new String(body, StandardCharsets.UTF_8);
  }

  /** Kong's {@code send} for a gRPC request. */
  private static LocalReply.Reply send(int status, @Nullable String message, Map<String, String> headers) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    boolean grpcOutput = isGrpc(header(h, "Content-Type"));
    Integer code = null;
    if (header(h, "grpc-status") == null) {
      code = grpcStatus(status);
      h.put("grpc-status", Integer.toString(code));
    }
    byte[] body = new byte[0];
    if (message != null && !grpcOutput) {
      put(h, "grpc-message", message);
    } else {
      if (message != null) body = message.getBytes(StandardCharsets.UTF_8); // a text body with a gRPC Content-Type goes as is
      if (code != null && header(h, "grpc-message") == null) h.put("grpc-message", code < NAMES.length ? NAMES[code] : "");
    }
    return new LocalReply.Reply(status, null, body, h);
  }

  private static @Nullable String header(Map<String, String> h, String name) {
    for (Map.Entry<String, String> e : h.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) return e.getValue();
    }
    return null;
  }

  private static void put(Map<String, String> h, String name, String value) {
    h.keySet().removeIf(k -> k.equalsIgnoreCase(name));
    h.put(name, value);
  }
}
