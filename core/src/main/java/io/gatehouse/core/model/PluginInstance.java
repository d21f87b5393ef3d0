package io.gatehouse.core.model;

import static io.gatehouse.core.json.Json.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.entity.EntityWorkspace;
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
    List<String> tags,
    String wsId) {

  /** An instance in the default workspace. */
  public PluginInstance(String id, String name, @Nullable String instanceName, @Nullable String routeId,
      @Nullable String serviceId, @Nullable String consumerId, ObjectNode config, List<String> protocols,
      boolean enabled, List<String> tags) {
    this(id, name, instanceName, routeId, serviceId, consumerId, config, protocols, enabled, tags,
        EntityWorkspace.DEFAULT_ID);
  }

  /** Whether the instance applies to every route of its workspace (no route, service or consumer). */
  public boolean isGlobal() {
    return routeId == null && serviceId == null && consumerId == null;
  }

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
        strings(e, "tags"),
        e instanceof ObjectNode o ? EntityWorkspace.of(o) : EntityWorkspace.DEFAULT_ID);
  }
}
