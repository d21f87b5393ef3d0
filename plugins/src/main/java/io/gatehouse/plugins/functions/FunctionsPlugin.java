package io.gatehouse.plugins.functions;

import io.gatehouse.plugins.functions.js.JsEngine;
import io.gatehouse.plugins.functions.lua.LuaEngine;
import io.gatehouse.plugins.functions.lua.LuaSettings;
import io.gatehouse.plugins.functions.pdk.RequestScope;
import io.gatehouse.plugins.functions.pdk.SnippetPhase;
import io.gatehouse.plugins.functions.pdk.Snippets;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.BodyPhase;
import io.gatehouse.sdk.EntityChecks;
import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.LogPhase;
import io.gatehouse.sdk.NodeServices;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.PreparedPlugin;
import io.gatehouse.sdk.Request;
import io.gatehouse.sdk.RewritePhase;
import org.slf4j.LoggerFactory;

/**
 * pre-function and post-function: the same handler at two priorities (Kong's {@code _handler.lua}).
 * Snippets are Lua (Kong's) or, with {@code language: javascript}, JavaScript; the JavaScript engine
 * is only started when a config asks for it. Certificate snippets are accepted and compiled but not
 * run: the SDK has no certificate phase.
 */
abstract class FunctionsPlugin<C extends Record & PhaseSnippets> implements PreparedPlugin<C, Snippets> {
  private volatile LuaEngine lua = new LuaEngine(LuaSettings.DEFAULT);
  private volatile JsEngine js = new JsEngine(LuaSettings.Mode.SANDBOX);

  @Override
  public void start(NodeServices services) {
    LuaSettings settings = LuaSettings.from(services);
    lua = new LuaEngine(settings);
    js = new JsEngine(settings.mode());
  }

  @Override
  public EntityChecks checks(Class<? extends Record> type) {
    return EntityChecks.NONE.atLeastOneOf("config.certificate", "config.rewrite", "config.access",
        "config.header_filter", "config.body_filter", "config.log")
        .reporting(SnippetSyntax.FIELDS_AND_LANGUAGE, SnippetSyntax.check(getClass().getAnnotation(PluginInfo.class).name()));
  }

  @Override
  public Snippets prepare(C config) {
    if (!config.certificate().isEmpty()) {
      LoggerFactory.getLogger(getClass()).warn("certificate snippets are not run by Gatehouse (no certificate phase)");
    }
    return switch (Language.of(config.language())) {
      case LUA -> lua.compile(config.byPhase());
      case JAVASCRIPT -> js.compile(config.byPhase());
    };
  }

  @Override
  public void rewrite(RewritePhase ctx, Snippets snippets) {
    snippets.run(SnippetPhase.REWRITE, new RequestScope(SnippetPhase.REWRITE, ctx));
  }

  @Override
  public boolean needsRequestBody(Request request, Snippets snippets) {
    return snippets.readsBody();
  }

  @Override
  public void access(AccessPhase ctx, Snippets snippets) {
    snippets.run(SnippetPhase.ACCESS, new RequestScope(SnippetPhase.ACCESS, ctx));
  }

  @Override
  public void headerFilter(HeaderPhase ctx, Snippets snippets) {
    if (snippets.has(SnippetPhase.BODY_FILTER)) {
      ctx.responseHeaders().remove("Content-Length"); // body_filter snippets may change the size
    }
    snippets.run(SnippetPhase.HEADER_FILTER, new RequestScope(SnippetPhase.HEADER_FILTER, ctx));
  }

  @Override
  public boolean filtersBody(HeaderPhase ctx, Snippets snippets) {
    return snippets.has(SnippetPhase.BODY_FILTER);
  }

  @Override
  public byte[] bodyFilter(BodyPhase ctx, Snippets snippets, byte[] chunk, boolean last) {
    RequestScope scope = new RequestScope(SnippetPhase.BODY_FILTER, ctx).chunk(chunk, last);
    snippets.run(SnippetPhase.BODY_FILTER, scope);
    return scope.chunk();
  }

  @Override
  public void log(LogPhase ctx, Snippets snippets) {
    snippets.run(SnippetPhase.LOG, new RequestScope(SnippetPhase.LOG, ctx));
  }
}
