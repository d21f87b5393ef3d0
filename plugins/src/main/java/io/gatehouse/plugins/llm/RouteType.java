package io.gatehouse.plugins.llm;

import org.jspecify.annotations.Nullable;

/** Kong's {@code route_type}: which OpenAI-format operation the route serves. */
public enum RouteType {
  CHAT("llm/v1/chat"),
  COMPLETIONS("llm/v1/completions"),
  PRESERVE("preserve");

  private final String kong;

  RouteType(String kong) {
    this.kong = kong;
  }

  /** Kong's spelling, {@code llm/v1/chat}. */
  public String kong() {
    return kong;
  }

  public static RouteType of(String kong) {
    for (RouteType t : values()) {
      if (t.kong.equals(kong)) return t;
    }
    throw new IllegalArgumentException("unknown route_type '" + kong + "'");
  }

  /**
   * Kong's {@code identify_request}: chat when {@code messages} is a non-empty array, completions
   * when {@code prompt} is a string.
   *
   * @throws LlmException with Kong's message when it is both or neither
   */
  public static RouteType identifyOrFail(java.util.Map<String, @Nullable Object> request) {
    boolean chat = request.get("messages") instanceof java.util.List<?> l && !l.isEmpty();
    boolean completions = request.get("prompt") instanceof String;
    if (chat && completions) throw new LlmException("request matches multiple LLM request formats");
    if (chat) return CHAT;
    if (completions) return COMPLETIONS;
    throw new LlmException("request format not recognised");
  }
}
