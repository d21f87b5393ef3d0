package io.gatehouse.plugins.functions.lua;

import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.BodyPhase;
import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.LogPhase;
import io.gatehouse.sdk.Phase;
import io.gatehouse.sdk.RewritePhase;
import org.jspecify.annotations.Nullable;
import org.luaj.vm2.LuaError;

/** The request a snippet is running for: the phase context the PDK shim reads and changes. */
public final class RequestScope {
  final SnippetPhase phase;
  final Phase ctx;
  final RequestState state;
  /** body_filter's {@code ngx.arg[1]}/{@code ngx.arg[2]}. */
  byte @Nullable [] chunk;
  boolean eof;

  public RequestScope(SnippetPhase phase, Phase ctx) {
    this.phase = phase;
    this.ctx = ctx;
    this.state = RequestState.of(ctx);
  }

  /** body_filter: the chunk passing through. */
  public RequestScope chunk(byte[] chunk, boolean eof) {
    this.chunk = chunk;
    this.eof = eof;
    return this;
  }

  /** The chunk to send on, after the snippets changed {@code ngx.arg[1]}. */
  public byte[] chunk() {
    return chunk == null ? new byte[0] : chunk;
  }

  RewritePhase rewrite(String call) {
    if (ctx instanceof RewritePhase r && (phase == SnippetPhase.REWRITE || phase == SnippetPhase.ACCESS)) {
      return r;
    }
    throw notIn(call);
  }

  @Nullable AccessPhase accessOrNull() {
    return ctx instanceof AccessPhase a ? a : null;
  }

  HeaderPhase header(String call) {
    if (ctx instanceof HeaderPhase h) {
      return h;
    }
    throw notIn(call);
  }

  @Nullable LogPhase logOrNull() {
    return ctx instanceof LogPhase l ? l : null;
  }

  /** The response status where it is known (header_filter, body_filter, log), else 0. */
  int status() {
    if (ctx instanceof HeaderPhase h) {
      return h.status();
    } else if (ctx instanceof BodyPhase b) {
      return b.status();
    } else if (ctx instanceof LogPhase l) {
      return l.status();
    }
    return 0;
  }

  boolean beforeResponse() {
    return phase == SnippetPhase.REWRITE || phase == SnippetPhase.ACCESS;
  }

  LuaError notIn(String call) {
    return new LuaError(call + ": function cannot be called in " + phase.field() + " phase");
  }
}
