package io.gatehouse.plugin;

/** What a plugin instance can be attached to besides being global. */
public enum Scope {
  ROUTE("route"),
  SERVICE("service"),
  CONSUMER("consumer");

  private final String field;

  Scope(String field) {
    this.field = field;
  }

  /** The foreign-key field of the {@code plugins} entity ({@code consumer} …). */
  public String field() {
    return field;
  }
}
