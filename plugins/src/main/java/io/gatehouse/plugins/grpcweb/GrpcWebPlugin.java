package io.gatehouse.plugins.grpcweb;

import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.BodyPhase;
import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.PreparedPlugin;
import io.gatehouse.sdk.Protocols;
import io.gatehouse.sdk.Request;
import io.gatehouse.sdk.RequestBody;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * grpc-web (Kong 3.9, priority 3): a gRPC-Web request (binary, or base64 text) goes to the gRPC
 * service as {@code application/grpc} with {@code TE: trailers}; the answer comes back with the
 * request's Content-Type, the messages as they are (base64 per chunk in text mode), and the
 * trailers as a final frame of type 0x80 ({@code grpc-status}, {@code grpc-message}); OPTIONS is
 * answered as a CORS preflight. JSON transcoding ({@code +json}, {@code application/json} with
 * {@code proto}) is not done: those requests are answered 400.
 */
@PluginInfo(name = "grpc-web", priority = 3, protocols = Protocols.ALL)
public final class GrpcWebPlugin implements PreparedPlugin<GrpcWebConfig, GrpcWebConfig> {
  /** The client's Content-Type, kept for the later phases (access replaces the request's; Kong's kong.ctx.plugin.dec). */
  private static final String MIMETYPE = "grpc-web.mimetype";

  @Override
  public GrpcWebConfig prepare(GrpcWebConfig config) {
    return config;
  }

  @Override
  public boolean needsRequestBody(Request request, GrpcWebConfig config) {
    GrpcWebMode mode = GrpcWebMode.of(request.header("Content-Type"));
    return mode != null && mode.proto && !request.method().equals("OPTIONS");
  }

  @Override
  public void access(AccessPhase ctx, GrpcWebConfig config) {
    Request req = ctx.request();
    if (req.method().equals("OPTIONS")) {
      Map<String, String> cors = new LinkedHashMap<>();
      cors.put("Content-Type", "application/grpc-web-text+proto");
      cors.put("Access-Control-Allow-Origin", origin(config));
      cors.put("Access-Control-Allow-Methods", "POST");
      cors.put("Access-Control-Allow-Headers", "content-type,x-grpc-web,x-user-agent");
      ctx.exit(200, "OK", cors);
      return;
    }
    GrpcWebMode mode = GrpcWebMode.of(req.header("Content-Type"));
    if (mode == null || !mode.proto) {
      ctx.exit(400, config.proto() == null ? "transcoding requests require a .proto file defining the service"
          : "JSON transcoding is not supported", Map.of());
      return;
    }
    if (!Boolean.TRUE.equals(config.passStrippedPath())) {
      ctx.upstream().setPath(req.path()); // grpc_pass sends the client's path, not the route-stripped one
    }
    ctx.shared().put(MIMETYPE, req.header("Content-Type"));
    ctx.upstream().setHeader("Content-Type", "application/grpc");
    ctx.upstream().setHeader("TE", "trailers");
    RequestBody body = ctx.requestBody();
    byte[] raw = body == null ? new byte[0] : body.bytes();
    if (mode.text) {
      try {
        raw = Base64.getMimeDecoder().decode(raw);
      } catch (IllegalArgumentException e) {
        ctx.exit(400, "invalid base64 body", Map.of());
        return;
      }
    }
    ctx.upstream().setBody(raw);
  }

  @Override
  public void headerFilter(HeaderPhase ctx, GrpcWebConfig config) {
    if (ctx.request().method().equals("OPTIONS")) return;
    ctx.responseHeaders().set("Access-Control-Allow-Origin", origin(config));
    if (ctx.shared().get(MIMETYPE) instanceof String mimetype) ctx.responseHeaders().set("Content-Type", mimetype);
  }

  @Override
  public boolean filtersBody(HeaderPhase ctx, GrpcWebConfig config) {
    return ctx.request().method().equals("POST") && ctx.shared().get(MIMETYPE) instanceof String;
  }

  @Override
  public byte[] bodyFilter(BodyPhase ctx, GrpcWebConfig config, byte[] chunk, boolean last) {
    GrpcWebMode mode = GrpcWebMode.of((String) ctx.shared().get(MIMETYPE));
    boolean text = mode != null && mode.text;
    byte[] out = text ? Base64.getEncoder().encode(chunk) : chunk;
    if (!last) return out;
    String status = ctx.trailer("grpc-status");
    String message = ctx.trailer("grpc-message");
    byte[] trailers = ("grpc-status:" + (status == null ? "0" : status) + "\r\ngrpc-message:"
        + (message == null ? "" : message) + "\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] frame = frame(0x80, trailers);
    if (text) frame = Base64.getEncoder().encode(frame);
    ByteArrayOutputStream all = new ByteArrayOutputStream(out.length + frame.length);
    all.writeBytes(out);
    all.writeBytes(frame);
    return all.toByteArray();
  }

  /** A gRPC frame: the type byte, the length (4 bytes, big endian), the bytes. */
  static byte[] frame(int type, byte[] message) {
    byte[] f = new byte[5 + message.length];
    f[0] = (byte) type;
    int n = message.length;
    f[1] = (byte) (n >>> 24);
    f[2] = (byte) (n >>> 16);
    f[3] = (byte) (n >>> 8);
    f[4] = (byte) n;
    System.arraycopy(message, 0, f, 5, n);
    return f;
  }

  private static String origin(GrpcWebConfig config) {
    return config.allowOriginHeader() == null ? "*" : config.allowOriginHeader();
  }
}
