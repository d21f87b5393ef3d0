package io.gatehouse.plugins.functions.pdk;

/**
 * Control flow out of a snippet that snippet code cannot catch: Lua's {@code pcall} catches
 * {@code LuaError} and {@code Exception}, not {@code Error}. Stack traces are not filled (they are
 * not failures of the gateway).
 */
public final class Signals {
  private Signals() {}

  /** {@code ngx.exit}/{@code kong.response.exit}: the phase's remaining snippets are skipped. */
  public static final class Exit extends Error {
    public static final Exit INSTANCE = new Exit();

    private Exit() {
      super("exit", null, false, false);
    }
  }

  /** The instruction budget ran out (Kong's sandbox quota). */
  public static final class BudgetExceeded extends Error {
    public BudgetExceeded(long quota) {
      super("Quota exceeded: " + quota, null, false, false);
    }
  }
}
