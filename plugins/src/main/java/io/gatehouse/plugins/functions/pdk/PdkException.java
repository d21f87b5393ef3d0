package io.gatehouse.plugins.functions.pdk;

/**
 * A PDK call refused (wrong phase, bad argument, unsupported member): each language binding turns
 * it into an error its snippets can catch ({@code LuaError}, a JavaScript exception).
 */
public final class PdkException extends RuntimeException {
  public PdkException(String message) {
    super(message, null, false, false);
  }
}
