package io.gatehouse.plugins.awslambda;

import io.gatehouse.plugins.functioncall.KongArgs;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.Request;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The API Gateway proxy events {@code awsgateway_compatible} sends to the function. */
final class ApiGatewayEvent {
  private static final DateTimeFormatter CLF =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

  private ApiGatewayEvent() {}

  /** The API Gateway proxy event (REST API, payload format 1.0), as Kong's {@code aws_serializer}. */
  static Map<String, Object> v1(AccessPhase ctx, byte @Nullable [] body, boolean base64Encode) {
    Request request = ctx.request();
    Map<String, Object> headers = new LinkedHashMap<>();
    Map<String, Object> multiHeaders = new LinkedHashMap<>();
    KongArgs.headers(request).forEach((name, value) -> {
      List<?> values = value instanceof List<?> l ? l : List.of(value);
      headers.put(name, values.getFirst());
      multiHeaders.put(name, values);
    });
    Map<String, Object> query = new LinkedHashMap<>();
    Map<String, Object> multiQuery = new LinkedHashMap<>();
    KongArgs.query(request.rawQuery()).forEach((name, value) -> {
      List<?> values = value instanceof List<?> l ? l : List.of(value);
      query.put(name, values.getFirst());
      multiQuery.put(name, new ArrayList<>(values));
    });
    String text;
    boolean base64;
    if ((body == null || body.length > 0) && base64Encode) {
      text = body == null ? "" : Base64.getEncoder().encodeToString(body);
      base64 = true;
    } else {
      text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
      base64 = false;
    }
    String path = request.path();
    String host = request.host();
    long now = ctx.nowMillis();
    Map<String, Object> identity = new LinkedHashMap<>();
    identity.put("sourceIp", request.peerIp());
    if (headers.get("user-agent") != null) identity.put("userAgent", headers.get("user-agent"));
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("path", path);
    context.put("protocol", "HTTP/1.1");
    context.put("httpMethod", request.method());
    context.put("domainName", host);
    context.put("domainPrefix", host.split("\\.", -1)[0]);
    context.put("identity", identity);
    context.put("requestId", ctx.requestId());
    context.put("requestTime", CLF.format(Instant.ofEpochMilli(now)));
    context.put("requestTimeEpoch", now);
    context.put("resourcePath", path);
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("version", "1.0");
    event.put("path", path);
    event.put("httpMethod", request.method());
    event.put("headers", headers);
    event.put("multiValueHeaders", multiHeaders);
    event.put("pathParameters", new LinkedHashMap<>(ctx.uriNamedCaptures()));
    event.put("queryStringParameters", query);
    event.put("multiValueQueryStringParameters", multiQuery);
    event.put("body", text);
    event.put("isBase64Encoded", base64);
    event.put("requestContext", context);
    return event;
  }

  /**
   * The HTTP API event (payload format 2.0, AWS's documented shape): repeated headers and query
   * arguments joined by commas, {@code Cookie} as the {@code cookies} list, {@code rawPath},
   * {@code rawQueryString}, {@code requestContext.http}. Beyond Kong 3.9 (Kong 3.12's
   * {@code awsgateway_compatible_payload_version}).
   */
  static Map<String, Object> v2(AccessPhase ctx, byte @Nullable [] body, boolean base64Encode) {
    Request request = ctx.request();
    Map<String, Object> headers = new LinkedHashMap<>();
    List<String> cookies = new ArrayList<>();
    KongArgs.headers(request).forEach((name, value) -> {
      List<?> values = value instanceof List<?> l ? l : List.of(value);
      if (name.equals("cookie")) {
        values.forEach(v -> {
          for (String c : String.valueOf(v).split(";")) if (!c.isBlank()) cookies.add(c.strip());
        });
      } else {
        headers.put(name, String.join(",", values.stream().map(String::valueOf).toList()));
      }
    });
    Map<String, Object> query = new LinkedHashMap<>();
    KongArgs.query(request.rawQuery()).forEach((name, value) -> {
      List<?> values = value instanceof List<?> l ? l : List.of(value);
      query.put(name, String.join(",", values.stream().map(v -> v instanceof Boolean ? "" : String.valueOf(v)).toList()));
    });
    boolean base64 = body != null && body.length > 0 && base64Encode;
    String text = body == null ? "" : base64 ? Base64.getEncoder().encodeToString(body) : new String(body, StandardCharsets.UTF_8);
    String host = request.host();
    long now = ctx.nowMillis();
    Map<String, Object> http = new LinkedHashMap<>();
    http.put("method", request.method());
    http.put("path", request.path());
    http.put("protocol", "HTTP/1.1");
    http.put("sourceIp", request.peerIp());
    http.put("userAgent", request.header("User-Agent") == null ? "" : request.header("User-Agent"));
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("domainName", host);
    context.put("domainPrefix", host.split("\\.", -1)[0]);
    context.put("http", http);
    context.put("requestId", ctx.requestId());
    context.put("routeKey", "$default");
    context.put("stage", "$default");
    context.put("time", CLF.format(Instant.ofEpochMilli(now)));
    context.put("timeEpoch", now);
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("version", "2.0");
    event.put("routeKey", "$default");
    event.put("rawPath", request.path());
    event.put("rawQueryString", request.rawQuery() == null ? "" : request.rawQuery());
    if (!cookies.isEmpty()) event.put("cookies", cookies);
    event.put("headers", headers);
    if (!query.isEmpty()) event.put("queryStringParameters", query);
    event.put("requestContext", context);
    if (body != null && body.length > 0) event.put("body", text);
    event.put("pathParameters", new LinkedHashMap<>(ctx.uriNamedCaptures()));
    event.put("isBase64Encoded", base64);
    return event;
  }
}
