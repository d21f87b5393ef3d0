package io.gatehouse.core.model;

import static io.gatehouse.core.json.Json.*;

import com.fasterxml.jackson.databind.JsonNode;

/** A Kong SNI: a server name bound to a certificate. */
public record Sni(String id, String name, String certificateId) {

  public static Sni from(JsonNode e) {
    return new Sni(text(e, "id"), text(e, "name"), foreignId(e, "certificate"));
  }
}
