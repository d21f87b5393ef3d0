package io.gatehouse.plugins.functions.pdk;

import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.LogPhase;
import io.gatehouse.sdk.ResponseHeaders;
import io.gatehouse.sdk.RewritePhase;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code kong.response} and {@code kong.service.response}. Headers set before the response exists
 * (rewrite, access) are kept and applied in this instance's header_filter, as Kong applies them.
 */
public final class ResponsePdk {
  private ResponsePdk() {}

  static Namespace response() {
    return Namespace.builder("kong.response")
        .fn("get_status", (s, a) -> s.status() == 0 ? null : s.status())
        .fn("get_header", (s, a) -> {
          ResponseHeaders h = headersOrNull(s);
          return h == null ? pending(s, a.string(0)) : h.get(a.string(0));
        })
        .fn("get_headers", (s, a) -> {
          Map<String, Object> out = new LinkedHashMap<>();
          ResponseHeaders h = headersOrNull(s);
          if (h != null) {
            for (String name : h.names()) {
              List<String> all = h.getAll(name);
              out.put(name.toLowerCase(Locale.ROOT), all.size() == 1 ? all.getFirst() : all);
            }
          }
          return out;
        })
        .fn("get_source", (s, a) -> {
          if (s.ctx() instanceof HeaderPhase h) {
            return h.fromUpstream() ? "service" : "exit";
          }
          return s.ctx() instanceof RewritePhase r && r.exited() ? "exit" : "service";
        })
        .action("set_header", (s, a) -> header(s, "set", a.string(0), a.strings(1)))
        .action("add_header", (s, a) -> header(s, "add", a.string(0), a.strings(1)))
        .action("clear_header", (s, a) -> header(s, "clear", a.string(0), List.of()))
        .action("set_headers", (s, a) -> {
          if (RequestPdk.table(a, 0) instanceof Map<?, ?> m) {
            m.forEach((name, v) -> header(s, "set", String.valueOf(name), RequestPdk.values(v)));
          }
        })
        .fn("exit", ResponsePdk::exit)
        .fn("error", (s, a) -> {
          RewritePhase r = s.rewrite("kong.response.error");
          String message = a.isNil(1) ? null : a.isTable(1) ? a.json(1) : a.display(1);
          r.error(a.integer(0), message, headerMap(a, 2));
          throw Signals.Exit.INSTANCE;
        })
        .fn("get_raw_body", (s, a) -> rawBody(s))
        .action("set_raw_body", (s, a) -> {
          if (s.phase() != SnippetPhase.BODY_FILTER) {
            throw s.notIn("kong.response.set_raw_body");
          }
          s.state().replacedBody = a.bytes(0);
        })
        .build();
  }

  static Namespace serviceResponse() {
    return Namespace.builder("kong.service.response")
        .fn("get_status", (s, a) -> s.header("kong.service.response.get_status").status())
        .fn("get_header", (s, a) -> s.header("kong.service.response.get_header").responseHeaders().get(a.string(0)))
        .build();
  }

  private static @Nullable ResponseHeaders headersOrNull(RequestScope s) {
    if (s.ctx() instanceof HeaderPhase h) {
      return h.responseHeaders();
    } else if (s.ctx() instanceof LogPhase l) {
      return l.responseHeaders();
    }
    return null;
  }

  /** A response header set in rewrite/access, before the response exists. */
  public static @Nullable String pending(RequestScope s, String name) {
    String found = null;
    for (String[] op : s.state().pendingHeaders()) {
      if (op[1].equalsIgnoreCase(name)) {
        found = op[0].equals("clear") ? null : op[2];
      }
    }
    return found;
  }

  private static void header(RequestScope s, String op, String name, List<String> values) {
    if (s.beforeResponse()) {
      if (op.equals("clear")) {
        s.state().pendingHeaders().add(new String[] {op, name, ""});
      } else {
        values.forEach(v -> s.state().pendingHeaders().add(new String[] {op, name, v}));
      }
      return;
    }
    ResponseHeaders h = s.header("kong.response." + op + "_header").responseHeaders();
    switch (op) {
      case "set" -> {
        h.remove(name);
        values.forEach(v -> h.add(name, v));
      }
      case "add" -> values.forEach(v -> h.add(name, v));
      default -> h.remove(name);
    }
  }

  private static @Nullable Object exit(RequestScope s, Args a) {
    int status = a.integer(0);
    Map<String, String> headers = headerMap(a, 2);
    if (s.ctx() instanceof HeaderPhase h && s.phase() == SnippetPhase.HEADER_FILTER) {
      headers.forEach(h.responseHeaders()::set);
      h.replaceResponse(status, a.isNil(1) ? null : a.isTable(1) ? a.json(1) : a.display(1));
      throw Signals.Exit.INSTANCE;
    }
    RewritePhase r = s.rewrite("kong.response.exit");
    Object body = a.isNil(1) ? null : a.isTable(1) ? a.value(1) : a.bytes(1);
    if (body instanceof List<?> l && l.isEmpty()) {
      body = Map.of();
    }
    r.exit(status, body, headers);
    throw Signals.Exit.INSTANCE;
  }

  /** A headers table: a list value gives its first element. */
  static Map<String, String> headerMap(Args a, int i) {
    Map<String, String> out = new LinkedHashMap<>();
    if (a.isNil(i)) {
      return out;
    }
    if (!a.isTable(i)) {
      throw new PdkException("headers must be a table");
    }
    if (a.value(i) instanceof Map<?, ?> m) {
      m.forEach((k, v) -> out.put(String.valueOf(k),
          v instanceof List<?> l ? (l.isEmpty() ? "" : HttpArgs.text(l.getFirst())) : HttpArgs.text(v)));
    }
    return out;
  }

  /** body_filter: null until the last chunk, then the whole body (the chunks are held back meanwhile). */
  private static byte @Nullable [] rawBody(RequestScope s) {
    if (s.phase() != SnippetPhase.BODY_FILTER) {
      throw s.notIn("kong.response.get_raw_body");
    }
    RequestState state = s.state();
    if (state.bodyBuffer == null) {
      state.bodyBuffer = new ByteArrayOutputStream();
    }
    state.bodyBuffer.writeBytes(s.chunk());
    s.replaceChunk(new byte[0]);
    return s.eof() ? state.bodyBuffer.toByteArray() : null;
  }
}
