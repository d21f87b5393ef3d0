package io.gatehouse.plugins.functions.lua;

/**
 * Control flow out of a snippet that Lua code cannot catch: {@code pcall} catches {@code LuaError}
 * and {@code Exception}, not {@code Error}. Stack traces are not filled (they are not failures of
 * the gateway).
 */
final class Signals {
  private Signals() {}

  /** {@code ngx.exit}/{@code kong.response.exit}: the phase's remaining snippets are skipped. */
  static final class Exit extends Error {
    static final Exit INSTANCE = new Exit();

    private Exit() {
      super("exit", null, false, false);
    }
  }

  /** The instruction budget ran out (Kong's sandbox quota). */
  static final class BudgetExceeded extends Error {
    BudgetExceeded(long quota) {
      super("Quota exceeded: " + quota, null, false, false);
    }
  }
}
