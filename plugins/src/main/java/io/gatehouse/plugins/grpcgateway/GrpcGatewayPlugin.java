package io.gatehouse.plugins.grpcgateway;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import io.gatehouse.plugins.grpcproto.GrpcFrames;
import io.gatehouse.plugins.grpcproto.MessageJson;
import io.gatehouse.plugins.grpcproto.ProtoException;
import io.gatehouse.plugins.grpcproto.ProtoFiles;
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
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * grpc-gateway (Kong 3.9, priority 998): a REST request matching a {@code google.api.http} binding
 * of the {@code proto} file becomes a unary gRPC call — {@code POST /package.Service/Method},
 * {@code application/grpc}, {@code TE: trailers}, the message built from the path variables and the
 * JSON body or the query — and each response message comes back as JSON. A {@code grpc-status} in
 * the response headers (a trailers-only answer) sets the HTTP status by Kong's table; OPTIONS is
 * answered as a CORS preflight.
 */
@PluginInfo(name = "grpc-gateway", priority = 998, protocols = Protocols.ALL)
public final class GrpcGatewayPlugin implements PreparedPlugin<GrpcGatewayConfig, GrpcGatewayPlugin.Prepared> {
  private static final Logger LOG = LoggerFactory.getLogger(GrpcGatewayPlugin.class);
  /** Per request: {@link Transcoding} once access transcoded; {@link Boolean#TRUE} when access ran. */
  private static final String STATE = "grpc-gateway.state";
  private static final Map<String, String> ORIGIN = Map.of("Access-Control-Allow-Origin", "*");

  /** The prepared config: the bindings, or why the file could not be read (null both: no {@code proto}). */
  public record Prepared(@Nullable Transcoder transcoder, @Nullable String problem) {}

  /** One transcoded call: the response type and the frames not yet whole. */
  private record Transcoding(Descriptor output, GrpcFrames.Unframer frames) {}

  @Override
  public Prepared prepare(GrpcGatewayConfig config) {
    if (config.proto() == null) return new Prepared(null, null);
    try {
      return new Prepared(new Transcoder(ProtoFiles.load(config.proto())), null);
    } catch (ProtoException e) {
      LOG.error("grpc-gateway: {}", e.getMessage());
      return new Prepared(null, e.getMessage());
    }
  }

  @Override
  public boolean needsRequestBody(Request request, Prepared config) {
    return !request.method().equals("OPTIONS");
  }

  @Override
  public void access(AccessPhase ctx, Prepared config) {
    Request req = ctx.request();
    ctx.shared().put(STATE, Boolean.TRUE);
    if (req.method().equals("OPTIONS")) {
      Map<String, String> cors = new LinkedHashMap<>();
      cors.put("Content-Type", "application/json");
      cors.put("Access-Control-Allow-Origin", "*");
      cors.put("Access-Control-Allow-Methods", "GET,POST,PATCH,DELETE");
      cors.put("Access-Control-Allow-Headers", "content-type");
      ctx.exit(200, "OK", cors);
      return;
    }
    Transcoder transcoder = config.transcoder();
    if (transcoder == null) {
      if (config.problem() != null) {
        ctx.error(500, null, ORIGIN); // Kong: the compiler's error is a Lua error, an unexpected one
      } else {
        ctx.exit(400, "transcoding requests require a .proto file defining the service", ORIGIN);
      }
      return;
    }
    try {
      Transcoder.Match match = transcoder.match(req.method(), req.path());
      RequestBody body = ctx.requestBody();
      byte[] message = Transcoder.upstreamBody(match, req, body == null ? new byte[0] : body.bytes());
      var up = ctx.upstream();
      up.setHeader("Content-Type", "application/grpc");
      up.setHeader("TE", "trailers");
      up.setBody(message);
      up.setPath(match.endpoint().rpc().path());
      up.setRawQuery(null);
      up.setMethod("POST");
      ctx.shared().put(STATE, new Transcoding(match.endpoint().rpc().output(), new GrpcFrames.Unframer()));
    } catch (Transcoder.Refusal r) {
      LOG.debug("grpc-gateway: {}", r.getMessage());
      ctx.exit(400, r.getMessage(), ORIGIN);
    }
  }

  @Override
  public void headerFilter(HeaderPhase ctx, Prepared config) {
    Object state = ctx.shared().get(STATE);
    if (state == null || ctx.request().method().equals("OPTIONS")) return;
    ctx.responseHeaders().set("Access-Control-Allow-Origin", "*");
    if (state instanceof Transcoding) ctx.responseHeaders().set("Content-Type", "application/json");
    String grpcStatus = ctx.responseHeaders().get("grpc-status");
    if (grpcStatus != null) {
      try {
        ctx.setStatus(httpStatus(Integer.parseInt(grpcStatus.trim())));
      } catch (NumberFormatException e) {
        // Kong: tonumber gives nil, the status stays
      }
    }
  }

  /** Kong's {@code grpc_status_map} (google/rpc/code.proto); 500 for codes it does not know. */
  static int httpStatus(int grpcStatus) {
    return switch (grpcStatus) {
      case 0 -> 200;
      case 1 -> 499;
      case 3, 9, 11 -> 400;
      case 4 -> 504;
      case 5 -> 404;
      case 6, 10 -> 409;
      case 7 -> 403;
      case 8 -> 429;
      case 14 -> 503;
      case 16 -> 401;
      default -> 500; // 2, 12, 13, 15, and the unknown
    };
  }

  @Override
  public boolean filtersBody(HeaderPhase ctx, Prepared config) {
    return ctx.shared().get(STATE) instanceof Transcoding;
  }

  @Override
  public byte[] bodyFilter(BodyPhase ctx, Prepared config, byte[] chunk, boolean last) {
    if (!(ctx.shared().get(STATE) instanceof Transcoding t)) return chunk;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] message : t.frames().feed(chunk)) {
      try {
        out.writeBytes(MessageJson.decode(message, t.output()).getBytes(StandardCharsets.UTF_8));
      } catch (InvalidProtocolBufferException e) {
        LOG.warn("grpc-gateway: a response message is not a {}: {}", t.output().getFullName(), e.getMessage());
      }
    }
    if (out.size() == 0 && last) return t.frames().rest(); // Kong: what could not be decoded goes out as it is
    return out.toByteArray();
  }
}
