package io.gatehouse.plugins.functions.pdk;

import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.BodyPhase;
import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.LogPhase;
import io.gatehouse.sdk.Phase;
import io.gatehouse.sdk.RewritePhase;
import org.jspecify.annotations.Nullable;

/** The request a snippet is running for: the phase context the PDK reads and changes. */
public final class RequestScope {
  private final SnippetPhase phase;
  private final Phase ctx;
  private final RequestState state;
  /** body_filter's chunk ({@code ngx.arg[1]}) and whether it is the last ({@code ngx.arg[2]}). */
  private byte @Nullable [] chunk;
  private boolean eof;

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

  /** The chunk to send on, after the snippets changed it. */
  public byte[] chunk() {
    return chunk == null ? new byte[0] : chunk;
  }

  public void replaceChunk(byte[] bytes) {
    this.chunk = bytes;
  }

  public boolean eof() {
    return eof;
  }

  public void eof(boolean last) {
    this.eof = last;
  }

  public SnippetPhase phase() {
    return phase;
  }

  public Phase ctx() {
    return ctx;
  }

  public RequestState state() {
    return state;
  }

  public RewritePhase rewrite(String call) {
    if (ctx instanceof RewritePhase r && beforeResponse()) {
      return r;
    }
    throw notIn(call);
  }

  public @Nullable AccessPhase accessOrNull() {
    return ctx instanceof AccessPhase a ? a : null;
  }

  public HeaderPhase header(String call) {
    if (ctx instanceof HeaderPhase h) {
      return h;
    }
    throw notIn(call);
  }

  public @Nullable LogPhase logOrNull() {
    return ctx instanceof LogPhase l ? l : null;
  }

  /** The response status where it is known (header_filter, body_filter, log), else 0. */
  public int status() {
    if (ctx instanceof HeaderPhase h) {
      return h.status();
    } else if (ctx instanceof BodyPhase b) {
      return b.status();
    } else if (ctx instanceof LogPhase l) {
      return l.status();
    }
    return 0;
  }

  public boolean beforeResponse() {
    return phase == SnippetPhase.REWRITE || phase == SnippetPhase.ACCESS;
  }

  public PdkException notIn(String call) {
    return new PdkException(call + ": function cannot be called in " + phase.field() + " phase");
  }
}
