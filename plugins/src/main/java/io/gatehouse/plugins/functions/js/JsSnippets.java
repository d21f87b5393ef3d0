package io.gatehouse.plugins.functions.js;

import io.gatehouse.plugins.functions.pdk.PhaseHooks;
import io.gatehouse.plugins.functions.pdk.RequestScope;
import io.gatehouse.plugins.functions.pdk.SnippetPhase;
import io.gatehouse.plugins.functions.pdk.Snippets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/** One plugin instance's JavaScript phase arrays; each thread evaluates them once in its context. */
public final class JsSnippets implements Snippets {
  private final JsPlatform platform;
  private final boolean off;
  private final Map<SnippetPhase, List<Source>> phases;
  private final boolean readsBody;
  private final ThreadLocal<Loaded> loaded = new ThreadLocal<>();

  JsSnippets(JsPlatform platform, boolean off, Map<SnippetPhase, List<Source>> phases, boolean readsBody) {
    this.platform = platform;
    this.off = off;
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

  /** A snippet as this thread keeps it: its wrapper function, then the function it returned, if any. */
  private static final class Instance {
    final Source source;
    Value fn;
    boolean initialized;

    Instance(Source source) {
      this.source = source;
    }
  }

  /** The instances of one context generation of this thread's runtime. */
  private record Loaded(int generation, Map<SnippetPhase, List<Instance>> phases) {}

  private Map<SnippetPhase, List<Instance>> instances(JsRuntime rt) {
    Loaded l = loaded.get();
    if (l == null || l.generation() != rt.generation()) {
      Map<SnippetPhase, List<Instance>> out = new EnumMap<>(SnippetPhase.class);
      phases.forEach((phase, list) -> out.put(phase, list.stream().map(Instance::new).toList()));
      l = new Loaded(rt.generation(), out);
      loaded.set(l);
    }
    return l.phases();
  }

  @Override
  public void run(SnippetPhase phase, RequestScope scope) {
    if (!has(phase) && phase != SnippetPhase.HEADER_FILTER && phase != SnippetPhase.LOG) {
      return;
    }
    PhaseHooks.before(scope);
    if (!has(phase)) {
      PhaseHooks.after(scope);
      return;
    }
    if (off) {
      PhaseHooks.fail(scope,
          "loading of untrusted JavaScript code disabled because 'untrusted_lua' config option is set to 'off'");
      return;
    }
    JsRuntime rt = platform.runtime();
    rt.ensureUsable();
    rt.enter(scope);
    try {
      for (Instance i : instances(rt).get(phase)) {
        call(rt, i);
        if (rt.exited()) {
          return; // kong.response.exit: the rest of the phase is skipped
        }
      }
      PhaseHooks.after(scope);
    } catch (JsRuntime.Failure f) {
      PhaseHooks.fail(scope, f.getMessage());
    } finally {
      rt.enter(null);
    }
  }

  private static void call(JsRuntime rt, Instance i) {
    if (i.fn == null) {
      i.fn = rt.evaluate(i.source);
    }
    if (!i.initialized) {
      i.initialized = true; // as for Lua: an early exit on the first run keeps the wrapper itself
      Value result = rt.execute(i.fn);
      if (result.canExecute() && !rt.exited()) {
        i.fn = result;
        rt.execute(result);
      }
    } else {
      rt.execute(i.fn);
    }
  }
}
