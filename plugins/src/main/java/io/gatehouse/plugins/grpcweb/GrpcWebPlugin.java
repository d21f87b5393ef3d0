package io.gatehouse.plugins.grpcweb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.grpcproto.GrpcFrames;
import io.gatehouse.plugins.grpcproto.GrpcMethod;
import io.gatehouse.plugins.grpcproto.MessageJson;
import io.gatehouse.plugins.grpcproto.ProtoException;
import io.gatehouse.plugins.grpcproto.ProtoFiles;
import io.gatehouse.plugins.grpcproto.ProtoSchema;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.BodyPhase;
import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.PreparedPlugin;
import io.gatehouse.sdk.Protocols;
import io.gatehouse.sdk.Request;
import io.gatehouse.sdk.RequestBody;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * grpc-web (Kong 3.9, priority 3): a gRPC-Web request (binary, or base64 text) goes to the gRPC
 * service as {@code application/grpc} with {@code TE: trailers}; the answer comes back with the
 * request's Content-Type, the messages (base64 per chunk in text mode), and the trailers as a final
 * frame of type 0x80 ({@code grpc-status}, {@code grpc-message}); OPTIONS is answered as a CORS
 * preflight. With {@code proto}, JSON messages ({@code +json}, {@code -text+json}, and bare
 * {@code application/json}) are transcoded both ways for the rpc named by the path.
 */
@PluginInfo(name = "grpc-web", priority = 3, protocols = Protocols.ALL)
public final class GrpcWebPlugin implements PreparedPlugin<GrpcWebConfig, GrpcWebPlugin.Prepared> {
  private static final Logger LOG = LoggerFactory.getLogger(GrpcWebPlugin.class);
  /** The call's {@link WebCall}, kept for the later phases (access replaces the request's Content-Type; Kong's kong.ctx.plugin.dec). */
  private static final String CALL = "grpc-web.call";

  /** The config with its {@code proto} read (null: none, or it could not be read: {@code problem}). */
  public record Prepared(GrpcWebConfig config, @Nullable ProtoSchema schema, @Nullable String problem) {}

  /** One call: the client's Content-Type and mode; for JSON, the response type and the frames not yet whole. */
  private record WebCall(String mimetype, GrpcWebMode mode, @Nullable Descriptor output, GrpcFrames.Unframer frames) {}

  @Override
  public Prepared prepare(GrpcWebConfig config) {
    if (config.proto() == null) return new Prepared(config, null, null);
    try {
      return new Prepared(config, ProtoFiles.load(config.proto()), null);
    } catch (ProtoException e) {
      LOG.error("grpc-web: {}", e.getMessage());
      return new Prepared(config, null, e.getMessage());
    }
  }

  @Override
  public boolean needsRequestBody(Request request, Prepared config) {
    return GrpcWebMode.of(request.header("Content-Type")) != null && !request.method().equals("OPTIONS");
  }

  @Override
  public void access(AccessPhase ctx, Prepared prepared) {
    GrpcWebConfig config = prepared.config();
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
    String path = Boolean.TRUE.equals(config.passStrippedPath()) ? ctx.upstream().path() : req.path();
    ctx.upstream().setPath(path); // grpc_pass sends the client's path unless pass_stripped_path
    String mimetype = req.header("Content-Type");
    GrpcWebMode mode = GrpcWebMode.of(mimetype);
    GrpcMethod rpc = null;
    if (mode == null || !mode.proto) {
      if (config.proto() == null) {
        ctx.exit(400, "transcoding requests require a .proto file defining the service", Map.of());
        return;
      }
      if (prepared.schema() == null) {
        ctx.error(500, null, Map.of()); // Kong: the compiler's error is a Lua error
        return;
      }
      rpc = prepared.schema().byPath(path);
      if (rpc == null) {
        ctx.exit(400, "Unknown path \"" + path + "\"", Map.of());
        return;
      }
      if (mode == null) {
        ctx.exit(400, "unsupported Content-Type", Map.of());
        return;
      }
    }
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
    if (rpc != null) {
      byte[] message = upstreamMessage(mode, raw, rpc.input());
      if (message == null) {
        ctx.error(500, null, Map.of()); // Kong: cjson or pb.encode raise, a Lua error
        return;
      }
      raw = GrpcFrames.frame(0, message);
    }
    ctx.upstream().setBody(raw);
    ctx.shared().put(CALL, new WebCall(mimetype, mode, rpc == null ? null : rpc.output(), new GrpcFrames.Unframer()));
  }

  /** The request's JSON message (the first frame's, or the whole body unframed) as protobuf; null when it does not fit. */
  private static byte @Nullable [] upstreamMessage(GrpcWebMode mode, byte[] body, Descriptor input) {
    byte[] json = mode.framed ? GrpcFrames.first(body) : body;
    if (json == null) return null;
    try {
      JsonNode tree = Json.MAPPER.readTree(json);
      return tree instanceof ObjectNode o ? MessageJson.encode(o, input) : null;
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public void headerFilter(HeaderPhase ctx, Prepared config) {
    if (ctx.request().method().equals("OPTIONS")) return;
    ctx.responseHeaders().set("Access-Control-Allow-Origin", origin(config.config()));
    if (ctx.shared().get(CALL) instanceof WebCall call) ctx.responseHeaders().set("Content-Type", call.mimetype());
  }

  @Override
  public boolean filtersBody(HeaderPhase ctx, Prepared config) {
    return ctx.request().method().equals("POST") && ctx.shared().get(CALL) instanceof WebCall;
  }

  @Override
  public byte[] bodyFilter(BodyPhase ctx, Prepared config, byte[] chunk, boolean last) {
    if (!(ctx.shared().get(CALL) instanceof WebCall call)) return chunk;
    GrpcWebMode mode = call.mode();
    byte[] out = call.output() == null ? chunk : downstreamJson(call, chunk);
    if (mode.text) out = Base64.getEncoder().encode(out);
    if (!last || !mode.framed) return out;
    String status = ctx.trailer("grpc-status");
    String message = ctx.trailer("grpc-message");
    byte[] trailers = ("grpc-status:" + (status == null ? "0" : status) + "\r\ngrpc-message:"
        + (message == null ? "" : message) + "\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] frame = GrpcFrames.frame(0x80, trailers);
    if (mode.text) frame = Base64.getEncoder().encode(frame);
    ByteArrayOutputStream all = new ByteArrayOutputStream(out.length + frame.length);
    all.writeBytes(out);
    all.writeBytes(frame);
    return all.toByteArray();
  }

  /** The whole response messages of this chunk as JSON, each gRPC-framed unless the mode is bare JSON. */
  private static byte[] downstreamJson(WebCall call, byte[] chunk) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] message : call.frames().feed(chunk)) {
      try {
        byte[] json = MessageJson.decode(message, call.output()).getBytes(StandardCharsets.UTF_8);
        out.writeBytes(call.mode().framed ? GrpcFrames.frame(0, json) : json);
      } catch (InvalidProtocolBufferException e) {
        LOG.warn("grpc-web: a response message is not a {}: {}", call.output().getFullName(), e.getMessage());
      }
    }
    return out.toByteArray();
  }

  private static String origin(GrpcWebConfig config) {
    return config.allowOriginHeader() == null ? "*" : config.allowOriginHeader();
  }
}
