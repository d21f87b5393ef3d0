package io.gatehouse.plugins.llm;

/** A request or response the gateway cannot translate; the message is Kong's, shown to the client. */
public final class LlmException extends RuntimeException {
  public LlmException(String message) {
    super(message, null, false, false);
  }
}
