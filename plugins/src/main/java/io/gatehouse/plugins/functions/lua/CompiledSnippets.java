package io.gatehouse.plugins.functions.lua;

import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.LogPhase;
import io.gatehouse.sdk.RewritePhase;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One plugin instance's compiled phase arrays. Each event-loop thread instantiates them once
 * (Kong compiles once per worker), keeping the upvalues of a snippet that returns a function.
 */
public final class CompiledSnippets {
  private static final Logger LOG = LoggerFactory.getLogger(CompiledSnippets.class);
  private final LuaEngine engine;
  private final Map<SnippetPhase, List<Prototype>> phases;
  private final boolean readsBody;
  private final ThreadLocal<Map<SnippetPhase, List<Instance>>> loaded = ThreadLocal.withInitial(this::load);

  CompiledSnippets(LuaEngine engine, Map<SnippetPhase, List<Prototype>> phases, boolean readsBody) {
    this.engine = engine;
    this.phases = phases;
    this.readsBody = readsBody;
  }

  public boolean has(SnippetPhase phase) {
    return !phases.getOrDefault(phase, List.of()).isEmpty();
  }

  /** Whether an access snippet reads the request body (the gateway then buffers it). */
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

  /**
   * Runs the phase's snippets in order for the request in {@code scope}. An error in rewrite or
   * access throws (the gateway answers 500, as Kong does); in later phases it is logged.
   */
  public void run(SnippetPhase phase, RequestScope scope) {
    List<Instance> list = loaded.get().getOrDefault(phase, List.of());
    if (list.isEmpty() && phase != SnippetPhase.HEADER_FILTER && phase != SnippetPhase.LOG) {
      return;
    }
    before(scope);
    LuaRuntime rt = engine.runtime();
    rt.enter(scope);
    try {
      for (Instance i : list) {
        rt.budget.reset();
        call(rt, i);
      }
      after(scope);
    } catch (Signals.Exit exit) {
      // ngx.exit / kong.response.exit: the rest of the phase is skipped
    } catch (LuaError | Signals.BudgetExceeded e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage().strip();
      if (scope.beforeResponse()) {
        throw new IllegalStateException(phase.field() + " snippet failed: " + message);
      }
      LOG.error("{} snippet failed: {}", phase.field(), message);
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

  /** Applies what earlier phases left for this one: response headers, serialize values. */
  private static void before(RequestScope scope) {
    if (scope.phase == SnippetPhase.HEADER_FILTER && scope.ctx instanceof HeaderPhase h) {
      KongResponseApi.applyPending(scope.state, h.responseHeaders());
    } else if (scope.phase == SnippetPhase.LOG && scope.ctx instanceof LogPhase l) {
      scope.state.pendingSerialize.forEach(kv -> l.setSerializeValue((String) kv[0], kv[1]));
      scope.state.pendingSerialize.clear();
    }
  }

  private static void after(RequestScope scope) {
    if (scope.beforeResponse() && scope.state.said.size() > 0 && scope.ctx instanceof RewritePhase r && !r.exited()) {
      NgxApi.finishSaid(scope, 0); // ngx.say without ngx.exit still answers
    }
    if (scope.phase == SnippetPhase.BODY_FILTER && scope.eof && scope.state.replacedBody != null) {
      scope.chunk = scope.state.replacedBody;
    }
  }

}
