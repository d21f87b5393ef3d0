package io.gatehouse.plugins.functions.pdk;

import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.LogPhase;
import io.gatehouse.sdk.ResponseHeaders;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every language's phase run does around its snippets, and how a failing snippet ends. */
public final class PhaseHooks {
  private static final Logger LOG = LoggerFactory.getLogger(Snippets.class);

  private PhaseHooks() {}

  /** Applies what earlier phases left for this one: response headers, serialize values. */
  public static void before(RequestScope scope) {
    RequestState state = scope.state();
    if (scope.phase() == SnippetPhase.HEADER_FILTER && scope.ctx() instanceof HeaderPhase h) {
      applyPending(state, h.responseHeaders());
    } else if (scope.phase() == SnippetPhase.LOG && scope.ctx() instanceof LogPhase l) {
      state.pendingSerialize.forEach(kv -> l.setSerializeValue((String) kv[0], kv[1]));
      state.pendingSerialize.clear();
    }
  }

  /** body_filter: the body {@code kong.response.set_raw_body} replaced goes out with the last chunk. */
  public static void after(RequestScope scope) {
    if (scope.phase() == SnippetPhase.BODY_FILTER && scope.eof() && scope.state().replacedBody != null) {
      scope.replaceChunk(scope.state().replacedBody);
    }
  }

  /** A snippet failed: before the response the gateway answers 500 (Kong's), later it is logged. */
  public static void fail(RequestScope scope, String message) {
    if (scope.beforeResponse()) {
      throw new IllegalStateException(scope.phase().field() + " snippet failed: " + message);
    }
    LOG.error("{} snippet failed: {}", scope.phase().field(), message);
  }

  /** Applies headers set in rewrite/access to the response, in order. */
  static void applyPending(RequestState state, ResponseHeaders h) {
    for (String[] op : state.pendingHeaders()) {
      switch (op[0]) {
        case "set" -> h.set(op[1], op[2]);
        case "add" -> h.add(op[1], op[2]);
        default -> h.remove(op[1]);
      }
    }
    state.pendingHeaders().clear();
  }

  /** Whether access snippets read the request body, in either naming (Lua's or the camelCase aliases). */
  public static boolean readsBody(Map<SnippetPhase, List<String>> phases) {
    return phases.getOrDefault(SnippetPhase.ACCESS, List.of()).stream().anyMatch(s -> s.contains("get_raw_body")
        || s.contains("get_body") || s.contains("get_post_args") || s.contains("getRawBody") || s.contains("getBody"));
  }
}
