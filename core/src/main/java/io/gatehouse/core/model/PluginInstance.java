package io.gatehouse.core.model;

import static io.gatehouse.core.json.Json.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A configured plugin (Kong's {@code plugins} row): which plugin, where it applies, its raw config. */
public record PluginInstance(
    String id,
    String name,
    @Nullable String instanceName,
    @Nullable String routeId,
    @Nullable String serviceId,
    @Nullable String consumerId,
    ObjectNode config,
    List<String> protocols,
    boolean enabled,
    List<String> tags) {

  public static PluginInstance from(JsonNode e) {
    JsonNode config = e.get("config");
    return new PluginInstance(
        text(e, "id"),
        text(e, "name"),
        text(e, "instance_name"),
        foreignId(e, "route"),
        foreignId(e, "service"),
        foreignId(e, "consumer"),
        config instanceof ObjectNode o ? o : object(),
        strings(e, "protocols"),
        bool(e, "enabled", true),
        strings(e, "tags"));
  }
}
