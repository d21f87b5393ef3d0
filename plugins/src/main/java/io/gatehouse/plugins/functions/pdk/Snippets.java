package io.gatehouse.plugins.functions.pdk;

/** One plugin instance's compiled phase arrays, in whichever language they are written. */
public interface Snippets {
  boolean has(SnippetPhase phase);

  /** Whether an access snippet reads the request body (the gateway then buffers it). */
  boolean readsBody();

  /**
   * Runs the phase's snippets in order for the request in {@code scope}. An error in rewrite or
   * access throws (the gateway answers 500, as Kong does); in later phases it is logged.
   */
  void run(SnippetPhase phase, RequestScope scope);
}
