package io.gatehouse.core.model;

import static io.gatehouse.core.json.Json.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A Kong Certificate: a PEM certificate and key (and optional alternate pair). */
public record Certificate(
    String id, String cert, String key, @Nullable String certAlt, @Nullable String keyAlt, List<String> tags) {

  public static Certificate from(JsonNode e) {
    return new Certificate(
        text(e, "id"), text(e, "cert"), text(e, "key"), text(e, "cert_alt"), text(e, "key_alt"), strings(e, "tags"));
  }
}
