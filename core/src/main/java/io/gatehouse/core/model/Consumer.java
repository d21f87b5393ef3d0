package io.gatehouse.core.model;

import static io.gatehouse.core.json.Json.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A Kong Consumer: an identified client of the gateway. */
public record Consumer(String id, @Nullable String username, @Nullable String customId, List<String> tags) {

  public static Consumer from(JsonNode e) {
    return new Consumer(text(e, "id"), text(e, "username"), text(e, "custom_id"), strings(e, "tags"));
  }
}
