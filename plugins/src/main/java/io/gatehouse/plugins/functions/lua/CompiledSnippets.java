package io.gatehouse.plugins.functions.lua;

import io.gatehouse.plugins.functions.pdk.PhaseHooks;
import io.gatehouse.plugins.functions.pdk.RequestScope;
import io.gatehouse.plugins.functions.pdk.Signals;
import io.gatehouse.plugins.functions.pdk.SnippetPhase;
import io.gatehouse.plugins.functions.pdk.Snippets;
import io.gatehouse.sdk.RewritePhase;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

/**
 * One plugin instance's compiled Lua phase arrays. Each event-loop thread instantiates them once
 * (Kong compiles once per worker), keeping the upvalues of a snippet that returns a function.
 */
public final class CompiledSnippets implements Snippets {
  private final LuaEngine engine;
  private final Map<SnippetPhase, List<Prototype>> phases;
  private final boolean readsBody;
  private final ThreadLocal<Map<SnippetPhase, List<Instance>>> loaded = ThreadLocal.withInitial(this::load);

  CompiledSnippets(LuaEngine engine, Map<SnippetPhase, List<Prototype>> phases, boolean readsBody) {
    this.engine = engine;
    this.phases = phases;
    this.readsBody = readsBody;
  }

  @Override
  public boolean has(SnippetPhase phase) {
    return !phases.getOrDefault(phase, List.of()).isEmpty();
  }

  @Override
  public boolean readsBody() {
    return readsBody;
  }

  /** A snippet as Kong's handler keeps it: the chunk, then the function it returned, if any. */
  private static final class Instance {
    final Prototype prototype;
    LuaValue fn;
    boolean initialized;

    Instance(Prototype prototype) {
      this.prototype = prototype;
    }
  }

  private Map<SnippetPhase, List<Instance>> load() {
    Map<SnippetPhase, List<Instance>> out = new EnumMap<>(SnippetPhase.class);
    phases.forEach((phase, list) -> out.put(phase, list.stream().map(Instance::new).toList()));
    return out;
  }

  @Override
  public void run(SnippetPhase phase, RequestScope scope) {
    List<Instance> list = loaded.get().getOrDefault(phase, List.of());
    if (list.isEmpty() && phase != SnippetPhase.HEADER_FILTER && phase != SnippetPhase.LOG) {
      return;
    }
    PhaseHooks.before(scope);
    LuaRuntime rt = engine.runtime();
    rt.enter(scope);
    try {
      for (Instance i : list) {
        rt.budget.reset();
        call(rt, i);
      }
      if (scope.beforeResponse() && LuaState.of(scope).said.size() > 0 && scope.ctx() instanceof RewritePhase r
          && !r.exited()) {
        NgxApi.finishSaid(scope, 0); // ngx.say without ngx.exit still answers
      }
      PhaseHooks.after(scope);
    } catch (Signals.Exit exit) {
      // ngx.exit / kong.response.exit: the rest of the phase is skipped
    } catch (LuaError | Signals.BudgetExceeded e) {
      PhaseHooks.fail(scope, e.getMessage() == null ? e.toString() : e.getMessage().strip());
    } finally {
      rt.enter(null);
    }
  }

  private static void call(LuaRuntime rt, Instance i) {
    if (i.fn == null) {
      i.fn = rt.instantiate(i.prototype);
    }
    if (!i.initialized) {
      i.initialized = true; // Kong: an early exit on the first run keeps the chunk itself
      LuaValue result = i.fn.call();
      if (result.isfunction()) {
        i.fn = result;
        result.call();
      }
    } else {
      i.fn.call();
    }
  }
}
