package io.gatehouse.plugins.functions.lua;

import io.gatehouse.plugins.functions.pdk.Signals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;

/**
 * Counts the Lua VM instructions a snippet call executes and stops it past a quota. LuaJ calls
 * these hooks from its interpreter loop when a closure's globals carry a debug library; this one
 * keeps no call stack (cheaper than LuaJ's) and is never exposed to snippets as {@code debug}.
 */
final class Budget extends DebugLib {
  private final long quota;
  private long left;

  Budget(long quota) {
    this.quota = quota;
  }

  void reset() {
    left = quota;
  }

  @Override
  public void onInstruction(int pc, Varargs v, int top) {
    if (--left < 0) {
      throw new Signals.BudgetExceeded(quota);
    }
  }

  @Override
  public void onCall(LuaFunction f) {}

  @Override
  public void onCall(LuaClosure c, Varargs varargs, LuaValue[] stack) {}

  @Override
  public void onReturn() {}

  @Override
  public String traceback(int level) {
    return "";
  }
}
