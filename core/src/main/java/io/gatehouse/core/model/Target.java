package io.gatehouse.core.model;

import static io.gatehouse.core.json.Json.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A Kong Target: one {@code host:port} of an upstream with its weight. */
public record Target(String id, String upstreamId, String target, int weight, List<String> tags) {

  public static Target from(JsonNode e) {
    return new Target(
        text(e, "id"), foreignId(e, "upstream"), text(e, "target"), integer(e, "weight", 100), strings(e, "tags"));
  }
}
