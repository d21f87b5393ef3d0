package io.gatehouse.plugins.functions.js;

import io.gatehouse.plugins.functions.lua.LuaSettings;
import io.gatehouse.plugins.functions.pdk.PhaseHooks;
import io.gatehouse.plugins.functions.pdk.SnippetPhase;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.jspecify.annotations.Nullable;

/**
 * JavaScript snippets (beyond Kong) on GraalJS with the same PDK as Lua's. A snippet is the body of
 * a function, as a Lua chunk is: it runs on every request, unless it returns a function, which then
 * runs on every request instead with its closure kept ({@code let n = 0; return () => { n++; … }}).
 * Compiled once per snapshot (parsed into the node's shared polyglot engine), evaluated once per
 * event-loop thread, and run inline on the loop like Lua's, bounded by a statement limit and a time
 * limit. {@code untrusted_lua = off} stops JavaScript too; {@code on} and {@code sandbox} both run
 * it sandboxed.
 */
public final class JsEngine {
  private final LuaSettings.Mode mode;

  public JsEngine(LuaSettings.Mode mode) {
    this.mode = mode;
  }

  /** The source GraalJS parses for a snippet: a function expression around it, on the snippet's first line. */
  static Source source(String snippet) {
    return Source.newBuilder("js", "(function () {" + snippet + "\n})", "snippet.js").cached(true).buildLiteral();
  }

  /** Null when the snippet parses, else GraalJS's message ({@code SyntaxError: snippet.js:1:9 …}). */
  public static @Nullable String syntaxError(String snippet) {
    try {
      JsPlatform.get().parse(source(snippet));
      return null;
    } catch (PolyglotException e) {
      if (e.isSyntaxError()) {
        return e.getMessage();
      }
      throw e;
    }
  }

  /** Parses the phase arrays (a source that does not parse throws: the schema refused it already). */
  public JsSnippets compile(Map<SnippetPhase, List<String>> phases) {
    JsPlatform platform = JsPlatform.get();
    Map<SnippetPhase, List<Source>> sources = new EnumMap<>(SnippetPhase.class);
    try {
      phases.forEach((phase, list) -> sources.put(phase, list.stream().map(s -> {
        Source source = source(s);
        platform.parse(source); // fills the shared engine's cache: threads evaluate without parsing again
        return source;
      }).toList()));
    } catch (PolyglotException e) {
      throw new IllegalArgumentException("error parsing JavaScript: " + e.getMessage(), e);
    }
    return new JsSnippets(platform, mode == LuaSettings.Mode.OFF, sources, PhaseHooks.readsBody(phases));
  }
}
