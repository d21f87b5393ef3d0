package io.gatehouse.plugins.functions;

import io.gatehouse.plugins.functions.lua.CompiledSnippets;
import io.gatehouse.plugins.functions.lua.LuaEngine;
import io.gatehouse.plugins.functions.lua.LuaSettings;
import io.gatehouse.plugins.functions.lua.RequestScope;
import io.gatehouse.plugins.functions.lua.SnippetPhase;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.BodyPhase;
import io.gatehouse.sdk.EntityChecks;
import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.LogPhase;
import io.gatehouse.sdk.NodeServices;
import io.gatehouse.sdk.PreparedPlugin;
import io.gatehouse.sdk.Request;
import io.gatehouse.sdk.RewritePhase;
import org.slf4j.LoggerFactory;

/**
 * pre-function and post-function: the same handler at two priorities (Kong's {@code _handler.lua}).
 * Certificate snippets are accepted and compiled but not run: the SDK has no certificate phase.
 */
abstract class FunctionsPlugin<C extends Record & PhaseSnippets> implements PreparedPlugin<C, CompiledSnippets> {
  private volatile LuaEngine engine = new LuaEngine(LuaSettings.DEFAULT);

  @Override
  public void start(NodeServices services) {
    engine = new LuaEngine(LuaSettings.from(services));
  }

  @Override
  public EntityChecks checks(Class<? extends Record> type) {
    return EntityChecks.NONE.atLeastOneOf("config.certificate", "config.rewrite", "config.access",
        "config.header_filter", "config.body_filter", "config.log");
  }

  @Override
  public CompiledSnippets prepare(C config) {
    if (!config.certificate().isEmpty()) {
      LoggerFactory.getLogger(getClass()).warn("certificate snippets are not run by Gatehouse (no certificate phase)");
    }
    return engine.compile(config.byPhase());
  }

  @Override
  public void rewrite(RewritePhase ctx, CompiledSnippets snippets) {
    snippets.run(SnippetPhase.REWRITE, new RequestScope(SnippetPhase.REWRITE, ctx));
  }

  @Override
  public boolean needsRequestBody(Request request, CompiledSnippets snippets) {
    return snippets.readsBody();
  }

  @Override
  public void access(AccessPhase ctx, CompiledSnippets snippets) {
    snippets.run(SnippetPhase.ACCESS, new RequestScope(SnippetPhase.ACCESS, ctx));
  }

  @Override
  public void headerFilter(HeaderPhase ctx, CompiledSnippets snippets) {
    if (snippets.has(SnippetPhase.BODY_FILTER)) {
      ctx.responseHeaders().remove("Content-Length"); // body_filter snippets may change the size
    }
    snippets.run(SnippetPhase.HEADER_FILTER, new RequestScope(SnippetPhase.HEADER_FILTER, ctx));
  }

  @Override
  public boolean filtersBody(HeaderPhase ctx, CompiledSnippets snippets) {
    return snippets.has(SnippetPhase.BODY_FILTER);
  }

  @Override
  public byte[] bodyFilter(BodyPhase ctx, CompiledSnippets snippets, byte[] chunk, boolean last) {
    RequestScope scope = new RequestScope(SnippetPhase.BODY_FILTER, ctx).chunk(chunk, last);
    snippets.run(SnippetPhase.BODY_FILTER, scope);
    return scope.chunk();
  }

  @Override
  public void log(LogPhase ctx, CompiledSnippets snippets) {
    snippets.run(SnippetPhase.LOG, new RequestScope(SnippetPhase.LOG, ctx));
  }
}
