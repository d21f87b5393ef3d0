package io.gatehouse.plugins.functions.lua;

import io.gatehouse.plugins.functions.pdk.PhaseHooks;
import io.gatehouse.plugins.functions.pdk.SnippetPhase;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.compiler.LuaC;

/**
 * Compiles snippets once per snapshot ({@link #compile}) and gives each event-loop thread its own
 * {@link LuaRuntime} under the node's {@link LuaSettings}. Snippets run inline on the event loop:
 * every phase context is bound to its loop and the SDK has no way to resume header_filter, body_filter
 * or log elsewhere, so instead of moving them off the loop each call is bounded by an instruction
 * budget (Kong's sandbox quota, 500000 VM instructions) counted by a LuaJ debug hook.
 */
public final class LuaEngine {
  private final LuaSettings settings;
  private final ThreadLocal<LuaRuntime> runtimes;

  public LuaEngine(LuaSettings settings) {
    this.settings = settings;
    this.runtimes = ThreadLocal.withInitial(() -> new LuaRuntime(settings));
  }

  public LuaSettings settings() {
    return settings;
  }

  /**
   * Compiles a snippet as Lua's {@code loadstring} would (chunk name = the source); null when it
   * compiles, else LuaJ's message ({@code [string "…"]:1: …}).
   */
  public static @Nullable String syntaxError(String source) {
    try {
      prototype(source);
      return null;
    } catch (LuaError e) {
      return e.getMessage();
    }
  }

  static Prototype prototype(String source) {
    try {
      return LuaC.instance.compile(new ByteArrayInputStream(source.getBytes(StandardCharsets.UTF_8)), source);
    } catch (IOException e) {
      throw new LuaError(e.getMessage());
    }
  }

  /** The phase arrays compiled; a source that does not compile throws (the schema refused it already). */
  public CompiledSnippets compile(Map<SnippetPhase, List<String>> phases) {
    Map<SnippetPhase, List<Prototype>> compiled = new EnumMap<>(SnippetPhase.class);
    for (var e : phases.entrySet()) {
      compiled.put(e.getKey(), e.getValue().stream().map(LuaEngine::prototype).toList());
    }
    return new CompiledSnippets(this, compiled, PhaseHooks.readsBody(phases));
  }

  LuaRuntime runtime() {
    return runtimes.get();
  }
}
