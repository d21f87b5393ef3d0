package io.gatehouse.plugins.awslambda;

import io.gatehouse.plugins.functioncall.KongArgs;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.Request;
import io.gatehouse.sdk.RequestBody;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON event sent to the function, as Kong's {@code request-util.lua} builds it: the API
 * Gateway (REST, payload 1.0) event with {@code awsgateway_compatible}; {@code request_method},
 * {@code request_headers}, {@code request_uri(_args)}, {@code request_body(_args|_base64)} with
 * {@code forward_request_*}; else the query arguments merged with the decoded body.
 */
final class LambdaPayload {
  private static final Logger log = LoggerFactory.getLogger(LambdaPayload.class);
  /** Types Kong forwards as text even when {@code base64_encode_body} is on (exact Content-Type match). */
  private static final Set<String> RAW_TYPES =
      Set.of("text/plain", "text/html", "application/xml", "text/xml", "application/soap+xml");

  private LambdaPayload() {}

  /**
   * @param bodyBufferSize bodies larger than this are what nginx buffers to disk; with
   *     {@code skip_large_bodies} they are not sent
   */
  static Object build(AccessPhase ctx, AwsLambdaConfig c, int bodyBufferSize) {
    Request request = ctx.request();
    RequestBody body = ctx.requestBody();
    if (AwsLambdaConfig.on(c.awsgatewayCompatible())) {
      byte[] raw = raw(body, c.skipLargeBodies() == null || c.skipLargeBodies(), bodyBufferSize);
      boolean base64 = c.base64EncodeBody() != Boolean.FALSE;
      return "2.0".equals(c.awsgatewayCompatiblePayloadVersion()) ? ApiGatewayEvent.v2(ctx, raw, base64)
          : ApiGatewayEvent.v1(ctx, raw, base64);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    boolean method = AwsLambdaConfig.on(c.forwardRequestMethod());
    boolean headers = AwsLambdaConfig.on(c.forwardRequestHeaders());
    boolean uri = AwsLambdaConfig.on(c.forwardRequestUri());
    boolean sendBody = AwsLambdaConfig.on(c.forwardRequestBody());
    if (method || headers || uri || sendBody) {
      if (method) out.put("request_method", request.method());
      if (headers) out.put("request_headers", KongArgs.headers(request));
      if (uri) {
        String query = request.rawQuery();
        out.put("request_uri", query == null || query.isEmpty() ? request.path() : request.path() + "?" + query);
        out.put("request_uri_args", KongArgs.query(query));
      }
      if (sendBody) putBody(out, request, body, c, bodyBufferSize);
      return out;
    }
    // Kong's original shape: the query arguments, overridden by the decoded body's
    Map<String, Object> merged = KongArgs.query(request.rawQuery());
    if (body != null && KongArgs.body(body) instanceof KongArgs.Decoded(Object args)) {
      if (args instanceof Map<?, ?> map) {
        map.forEach((k, v) -> merged.put(String.valueOf(k), v));
      } else if (args instanceof List<?> list && merged.isEmpty()) {
        return list; // a Lua merge of an array into no arguments stays an array
      }
    }
    return merged;
  }

  private static void putBody(Map<String, Object> out, Request request, @Nullable RequestBody body, AwsLambdaConfig c,
      int bodyBufferSize) {
    byte[] raw = raw(body, AwsLambdaConfig.on(c.skipLargeBodies()), bodyBufferSize);
    Object args = null;
    String text = raw == null ? null : new String(raw, StandardCharsets.UTF_8);
    KongArgs.Body decoded = body == null ? new KongArgs.UnsupportedType() : KongArgs.body(body);
    if (decoded instanceof KongArgs.Decoded(Object a)) {
      args = a;
    } else if (decoded instanceof KongArgs.UnsupportedType) {
      args = Map.of();
      String type = request.header("Content-Type");
      if (!(type != null && RAW_TYPES.contains(type)) && AwsLambdaConfig.on(c.base64EncodeBody())) {
        text = raw == null ? "" : Base64.getEncoder().encodeToString(raw);
        out.put("request_body_base64", true);
      }
    }
    if (text != null) out.put("request_body", text);
    if (args != null) out.put("request_body_args", args);
  }

  /** The body, or null when nginx would have buffered it to disk and {@code skip_large_bodies} is on. */
  private static byte @Nullable [] raw(@Nullable RequestBody body, boolean skipLarge, int bodyBufferSize) {
    if (body == null) return null;
    byte[] bytes = body.bytes();
    if (skipLarge && bytes.length > bodyBufferSize) {
      log.error("request body was buffered to disk, too large ({} bytes); not sent to the function", bytes.length);
      return null;
    }
    return bytes;
  }
}
