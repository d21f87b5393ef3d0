package io.gatehouse.core.entity;

import static io.gatehouse.core.entity.Typedefs.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.schema.Field;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.core.schema.TableSpec.OnDelete;
import org.jspecify.annotations.Nullable;

/** Kong's {@code targets} entity (reference §1.7): {@code host[:port]} stored normalized, port 8000 by default. */
public final class TargetSchema {
  private TargetSchema() {}

  public static Schema create() {
    return Schema.builder("targets")
        .endpointKey("target")
        .preciseTimestamps()
        .uniqueTogether("upstream", "target")
        .fields(
            id(),
            Field.number("created_at").timestamp().auto(),
            Field.number("updated_at").timestamp().auto(),
            Field.foreign("upstream", "upstreams", OnDelete.CASCADE).required(),
            Field.string("target").required().check(v -> normalize(v.asText()) == null
                ? "Invalid target ('" + v.asText() + "'); not a valid hostname or ip address"
                : null),
            Field.integer("weight").between(0, 65535).defaultValue(100),
            tags())
        .transformation(TargetSchema::normalizeTarget)
        .build();
  }

  static ObjectNode normalizeTarget(ObjectNode e) {
    if (e.path("target").isTextual()) {
      String n = normalize(e.get("target").asText());
      if (n != null) {
        e.put("target", n);
      }
    }
    return e;
  }

  /** {@code host:port} with the default port 8000 added, IPv6 bracketed; null when invalid. */
  public static @Nullable String normalize(String target) {
    String host = target;
    String port = "8000";
    if (target.startsWith("[")) {
      int close = target.indexOf(']');
      if (close < 0) {
        return null;
      }
      host = target.substring(0, close + 1);
      if (close + 1 < target.length()) {
        if (target.charAt(close + 1) != ':') {
          return null;
        }
        port = target.substring(close + 2);
      }
    } else if (isIpv6(target)) {
      host = "[" + target + "]";
    } else if (target.contains(":")) {
      host = target.substring(0, target.indexOf(':'));
      port = target.substring(target.indexOf(':') + 1);
    }
    // Kong's hostname_type: digits and dots only is an IPv4 address, so 123 or 999.1.1.1 is invalid
    boolean ipv4Shaped = host.matches("^[0-9.]+$");
    if (!(ipv4Shaped ? isIpv4(host) : isIp(host) || isHostname(host)) || !port.matches("^\\d{1,5}$") || Integer.parseInt(port) > 65535) {
      return null;
    }
    return host + ":" + Integer.parseInt(port);
  }
}
