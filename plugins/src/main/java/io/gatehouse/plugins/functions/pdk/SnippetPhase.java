package io.gatehouse.plugins.functions.pdk;

/** The phase arrays of pre-function/post-function, by Kong's field name. */
public enum SnippetPhase {
  CERTIFICATE("certificate"),
  REWRITE("rewrite"),
  ACCESS("access"),
  HEADER_FILTER("header_filter"),
  BODY_FILTER("body_filter"),
  LOG("log");

  private final String field;

  SnippetPhase(String field) {
    this.field = field;
  }

  /** Kong's name of the phase (and the config field). */
  public String field() {
    return field;
  }
}
