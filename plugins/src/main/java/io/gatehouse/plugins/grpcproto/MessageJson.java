package io.gatehouse.plugins.grpcproto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.gatehouse.core.json.Json;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * JSON to and from protobuf messages as Kong's grpc plugins produce them (lua-protobuf's
 * {@code pb.encode}/{@code pb.decode} with cjson), on top of protobuf's JsonFormat:
 *
 * <ul>
 *   <li>in: fields by their proto or JSON name, unknown keys ignored; {@code null} and a non-string
 *       for a string field fail (lua-protobuf refuses them where JsonFormat would not); a
 *       {@code google.protobuf.Timestamp} without a zone is UTC (Kong's hook reads it so);
 *   <li>out: proto field names, fields without presence printed even at their zero value (proto3
 *       decodes to defaults), 64-bit integers as JSON numbers, a Timestamp as
 *       {@code YYYY-MM-DDTHH:MM:SS} in UTC (Kong's {@code ${iso}} hook: no fraction, no zone).
 * </ul>
 */
public final class MessageJson {
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().preservingProtoFieldNames()
      .alwaysPrintFieldsWithNoPresence().omittingInsignificantWhitespace();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
  private static final String TIMESTAMP = "google.protobuf.Timestamp";
  private static final Pattern HAS_ZONE = Pattern.compile(".*([Zz]|[+-]\\d\\d:\\d\\d)$");

  private MessageJson() {}

  /** The message {@code payload} describes, serialized; null when it does not fit {@code type} (Kong's "failed to encode payload"). */
  public static byte @Nullable [] encode(ObjectNode payload, Descriptor type) {
    if (!fitsIn(payload, type)) return null;
    DynamicMessage.Builder b = DynamicMessage.newBuilder(type);
    try {
      PARSER.merge(Json.write(payload), b);
      return b.build().toByteArray();
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      return null;
    }
  }

  /** A serialized message of {@code type} as Kong's JSON text. */
  public static String decode(byte[] message, Descriptor type) throws InvalidProtocolBufferException {
    String printed = PRINTER.print(DynamicMessage.parseFrom(type, message));
    JsonNode tree = Json.parse(printed);
    if (tree instanceof ObjectNode o) shapeOut(o, type);
    return Json.write(tree);
  }

  // --- in ---

  private static boolean fitsIn(ObjectNode obj, Descriptor type) {
    for (Map.Entry<String, JsonNode> e : new ArrayList<>(obj.properties())) {
      FieldDescriptor f = field(type, e.getKey());
      if (f == null) continue; // ignored, as lua-protobuf does
      JsonNode v = e.getValue();
      if (v.isNull()) {
        if (!nullable(f)) return false;
      } else if (f.isMapField()) {
        if (!(v instanceof ObjectNode m)) return false;
        FieldDescriptor value = f.getMessageType().findFieldByName("value");
        for (Map.Entry<String, JsonNode> entry : new ArrayList<>(m.properties())) {
          JsonNode fixed = fitsIn(entry.getValue(), value);
          if (fixed == null) return false;
          m.set(entry.getKey(), fixed);
        }
      } else if (f.isRepeated()) {
        if (!(v instanceof ArrayNode a)) return false;
        for (int i = 0; i < a.size(); i++) {
          JsonNode fixed = fitsIn(a.get(i), f);
          if (fixed == null) return false;
          a.set(i, fixed);
        }
      } else {
        JsonNode fixed = fitsIn(v, f);
        if (fixed == null) return false;
        obj.set(e.getKey(), fixed);
      }
    }
    return true;
  }

  /** One value for {@code f}: itself or a corrected copy when it fits, null when it does not. */
  private static @Nullable JsonNode fitsIn(JsonNode v, FieldDescriptor f) {
    if (v.isNull()) return nullable(f) ? v : null;
    return switch (f.getJavaType()) {
      case STRING, BYTE_STRING -> v.isTextual() ? v : null;
      case MESSAGE -> {
        String name = f.getMessageType().getFullName();
        if (name.equals(TIMESTAMP)) {
          if (!v.isTextual()) yield null;
          yield HAS_ZONE.matcher(v.asText()).matches() ? v : Json.NODES.textNode(v.asText() + "Z");
        }
        if (name.startsWith("google.protobuf.")) yield v; // JsonFormat's well-known forms
        yield v instanceof ObjectNode o && fitsIn(o, f.getMessageType()) ? v : null;
      }
      default -> v;
    };
  }

  private static boolean nullable(FieldDescriptor f) {
    return f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && f.getMessageType().getFullName().equals("google.protobuf.Value")
        || f.getJavaType() == FieldDescriptor.JavaType.ENUM && f.getEnumType().getFullName().equals("google.protobuf.NullValue");
  }

  private static @Nullable FieldDescriptor field(Descriptor type, String name) {
    FieldDescriptor f = type.findFieldByName(name);
    if (f != null) return f;
    for (FieldDescriptor c : type.getFields()) {
      if (c.getJsonName().equals(name)) return c;
    }
    return null;
  }

  // --- out ---

  private static void shapeOut(ObjectNode obj, Descriptor type) {
    if (type.getFullName().startsWith("google.protobuf.")) return;
    for (FieldDescriptor f : type.getFields()) {
      JsonNode v = obj.get(f.getName());
      if (v == null || v.isNull()) continue;
      if (f.isMapField()) {
        FieldDescriptor value = f.getMessageType().findFieldByName("value");
        List<String> keys = new ArrayList<>();
        v.fieldNames().forEachRemaining(keys::add);
        for (String k : keys) ((ObjectNode) v).set(k, shapeOut(v.get(k), value));
      } else if (f.isRepeated() && v instanceof ArrayNode a) {
        for (int i = 0; i < a.size(); i++) a.set(i, shapeOut(a.get(i), f));
      } else {
        obj.set(f.getName(), shapeOut(v, f));
      }
    }
  }

  private static JsonNode shapeOut(JsonNode v, FieldDescriptor f) {
    switch (f.getType()) {
      case INT64, UINT64, SINT64, FIXED64, SFIXED64 -> {
        if (v.isTextual()) return Json.NODES.numberNode(new BigInteger(v.asText()));
      }
      case MESSAGE -> {
        if (f.getMessageType().getFullName().equals(TIMESTAMP) && v.isTextual()) return Json.NODES.textNode(isoSeconds(v.asText()));
        if (v instanceof ObjectNode o) shapeOut(o, f.getMessageType());
      }
      default -> {}
    }
    return v;
  }

  /** {@code 2024-01-02T03:04:05.678Z} as Kong prints it: {@code 2024-01-02T03:04:05}. */
  private static String isoSeconds(String rfc3339) {
    return rfc3339.length() >= 19 ? rfc3339.substring(0, 19) : rfc3339;
  }
}
