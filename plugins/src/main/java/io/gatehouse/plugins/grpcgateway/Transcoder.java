package io.gatehouse.plugins.grpcgateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.grpcproto.GrpcFrames;
import io.gatehouse.plugins.grpcproto.MessageJson;
import io.gatehouse.plugins.grpcproto.ProtoSchema;
import io.gatehouse.sdk.Request;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The request half of Kong's grpc-gateway {@code deco.lua}: finds the binding of a REST request and
 * builds the gRPC message from the path variables and either the JSON body (the binding's
 * {@code body}) or the query arguments.
 */
final class Transcoder {
  private final List<Endpoint> endpoints;

  Transcoder(ProtoSchema schema) {
    this.endpoints = Endpoint.of(schema);
  }

  /** A request matched to a binding, with the path variables' values. */
  record Match(Endpoint endpoint, Map<String, String> variables) {}

  /** Thrown with the text Kong answers 400 with. */
  static final class Refusal extends Exception {
    Refusal(String message) {
      super(message, null, false, false);
    }
  }

  /** The first binding for this method and path, in file order (Kong's {@code rpc_transcode}). */
  Match match(String method, String path) throws Refusal {
    String lower = method.toLowerCase(java.util.Locale.ROOT);
    boolean anyForMethod = false;
    for (Endpoint e : endpoints) {
      if (!e.httpMethod().equals(lower)) continue;
      anyForMethod = true;
      Map<String, String> vars = e.template().match(path);
      if (vars != null) return new Match(e, vars);
    }
    throw new Refusal("failed to transcode .proto file " + (anyForMethod ? "Unknown path " + quoted(path) : "Unknown method " + quoted(lower)));
  }

  /** The framed gRPC request message (Kong's {@code deco:upstream}). */
  static byte[] upstreamBody(Match match, Request request, byte[] body) throws Refusal {
    Endpoint e = match.endpoint();
    Descriptor input = e.rpc().input();
    ObjectNode payload = Json.object();
    match.variables().forEach((name, value) -> put(payload, name, Json.NODES.textNode(value)));
    if (e.body() != null) {
      if (body.length > 0) {
        JsonNode decoded;
        try {
          decoded = Json.MAPPER.readTree(body);
        } catch (IOException ex) {
          throw new Refusal("decode json err: "
              + (ex instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : ex.getMessage()));
        }
        if (decoded == null || decoded.isMissingNode()) throw new Refusal("decode json err: no value");
        if (!e.body().equals("*")) {
          put(payload, e.body(), decoded);
        } else if (decoded instanceof ObjectNode o) {
          payload.setAll(o); // body fields win over path variables, as in Kong
        } else if (!(decoded instanceof ArrayNode)) { // a Lua table either way; an array sets no field
          throw new Refusal("body must be a table");
        }
      }
    } else {
      for (String name : queryNames(request.rawQuery())) {
        queryArg(payload, name, request.queryArgs(name), input);
      }
    }
    byte[] message = MessageJson.encode(payload, input);
    if (message == null) throw new Refusal("failed to encode payload");
    return GrpcFrames.frame(0, message);
  }

  /** Sets {@code a.b.c} in nested objects. */
  private static void put(ObjectNode root, String dotted, JsonNode value) {
    String[] parts = dotted.split("\\.");
    ObjectNode at = root;
    for (int i = 0; i < parts.length - 1; i++) at = at.withObjectProperty(parts[i]);
    at.set(parts[parts.length - 1], value);
  }

  /**
   * A query argument into the message when its dotted name walks the input's fields (Kong's
   * {@code add_to_table}); others are dropped. A bool is false for {@code 0} and {@code false}
   * and true otherwise; a repeated field takes every value.
   */
  private static void queryArg(ObjectNode payload, String name, List<String> values, Descriptor type) {
    if (values.isEmpty()) return;
    String[] parts = name.split("\\.");
    ObjectNode at = payload;
    Descriptor t = type;
    for (int i = 0; i < parts.length; i++) {
      FieldDescriptor f = t.findFieldByName(parts[i]);
      if (f == null) return;
      if (i < parts.length - 1) {
        if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE || f.isRepeated()) return;
        at = at.withObjectProperty(parts[i]);
        t = f.getMessageType();
      } else if (f.isRepeated() && !f.isMapField()) {
        ArrayNode a = at.putArray(parts[i]);
        for (String v : values) a.add(scalar(v, f));
      } else if (!f.isMapField() && f.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        at.set(parts[i], scalar(values.getFirst(), f));
      }
    }
  }

  private static JsonNode scalar(String v, FieldDescriptor f) {
    if (f.getJavaType() == FieldDescriptor.JavaType.BOOLEAN) {
      return Json.NODES.booleanNode(!v.equals("0") && !v.equals("false"));
    }
    return Json.NODES.textNode(v); // JsonFormat reads numbers and enum names from strings
  }

  private static Set<String> queryNames(@Nullable String rawQuery) {
    Set<String> names = new LinkedHashSet<>();
    if (rawQuery == null || rawQuery.isEmpty()) return names;
    for (String part : rawQuery.split("&")) {
      if (part.isEmpty()) continue;
      int eq = part.indexOf('=');
      String raw = eq < 0 ? part : part.substring(0, eq);
      try {
        names.add(URLDecoder.decode(raw, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        names.add(raw);
      }
    }
    return names;
  }

  /** Lua's {@code %q}, for the paths and methods in Kong's messages. */
  private static String quoted(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
  }
}
