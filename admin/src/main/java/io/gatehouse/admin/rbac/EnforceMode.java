package io.gatehouse.admin.rbac;

import java.util.Locale;

/** Kong's {@code enforce_rbac}: which permission kinds the Admin API checks. */
public enum EnforceMode {
  /** No authentication at all (Kong OSS behaviour, the default). */
  OFF,
  /** Endpoint permissions. */
  ON,
  /** Entity permissions on entity endpoints; endpoint permissions only on the others. */
  ENTITY,
  /** Endpoint and entity permissions. */
  BOTH;

  /**
   * The mode named {@code value} ({@code on}, {@code off}, {@code entity}, {@code both}).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static EnforceMode parse(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "off" -> OFF;
      case "on" -> ON;
      case "entity" -> ENTITY;
      case "both" -> BOTH;
      default -> throw new IllegalArgumentException(
          "enforce_rbac: expected one of on, off, entity, both, got '" + value + "'");
    };
  }

  /** Whether endpoint permissions apply to an endpoint that does (or does not) address entities. */
  boolean checksEndpoint(boolean entityRoute) {
    return this == ON || this == BOTH || (this == ENTITY && !entityRoute);
  }

  boolean checksEntities() {
    return this == ENTITY || this == BOTH;
  }
}
