package io.gatehouse.plugins.functions.lua;

import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.LogPhase;
import io.gatehouse.sdk.ResponseHeaders;
import io.gatehouse.sdk.RewritePhase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code kong.response} and {@code kong.service.response}. Headers set before the response exists
 * (rewrite, access) are kept and applied in this instance's header_filter, as Kong applies them.
 */
final class KongResponseApi {
  private final LuaRuntime rt;

  KongResponseApi(LuaRuntime rt) {
    this.rt = rt;
  }

  LuaTable response() {
    LuaTable t = Fn.namespace("kong.response");
    t.set("get_status", Fn.of(a -> {
      int s = rt.scope().status();
      return s == 0 ? LuaValue.NIL : LuaValue.valueOf(s);
    }));
    t.set("get_header", Fn.of(a -> {
      ResponseHeaders h = headersOrNull();
      return h == null ? pending(a.checkjstring(1)) : KongRequestApi.str(h.get(a.checkjstring(1)));
    }));
    t.set("get_headers", Fn.of(a -> {
      LuaTable out = new LuaTable();
      ResponseHeaders h = headersOrNull();
      if (h != null) {
        for (String name : h.names()) {
          List<String> all = h.getAll(name);
          out.set(name.toLowerCase(java.util.Locale.ROOT), all.size() == 1 ? LuaValue.valueOf(all.getFirst())
              : LuaValues.toLua(all));
        }
      }
      return out;
    }));
    t.set("get_source", Fn.of(a -> {
      RequestScope s = rt.scope();
      if (s.ctx instanceof HeaderPhase h) {
        return LuaValue.valueOf(h.fromUpstream() ? "service" : "exit");
      }
      return LuaValue.valueOf(s.ctx instanceof RewritePhase r && r.exited() ? "exit" : "service");
    }));
    t.set("set_header", Fn.of(a -> header("set", a)));
    t.set("add_header", Fn.of(a -> header("add", a)));
    t.set("clear_header", Fn.of(a -> header("clear", a)));
    t.set("set_headers", Fn.of(a -> {
      LuaTable h = a.checktable(1);
      for (Varargs e = h.next(LuaValue.NIL); !e.arg1().isnil(); e = h.next(e.arg1())) {
        header("set", LuaValue.varargsOf(e.arg1(), e.arg(2)));
      }
      return LuaValue.NONE;
    }));
    t.set("exit", Fn.of(this::exit));
    t.set("error", Fn.of(a -> {
      RewritePhase r = rt.scope().rewrite("kong.response.error");
      String message = a.isnil(2) ? null : a.arg(2).istable() ? LuaValues.encode(a.arg(2)) : a.arg(2).tojstring();
      r.error(a.checkint(1), message, headerMap(a.arg(3)));
      throw Signals.Exit.INSTANCE;
    }));
    t.set("get_raw_body", Fn.of(a -> rawBody()));
    t.set("set_raw_body", Fn.of(a -> {
      RequestScope s = rt.scope();
      if (s.phase != SnippetPhase.BODY_FILTER) {
        throw s.notIn("kong.response.set_raw_body");
      }
      s.state.replacedBody = LuaValues.bytes(a.checkstring(1));
      return LuaValue.NONE;
    }));
    return t;
  }

  LuaTable serviceResponse() {
    LuaTable t = Fn.namespace("kong.service.response");
    t.set("get_status", Fn.of(a -> LuaValue.valueOf(rt.scope().header("kong.service.response.get_status").status())));
    t.set("get_header", Fn.of(a -> KongRequestApi.str(
        rt.scope().header("kong.service.response.get_header").responseHeaders().get(a.checkjstring(1)))));
    return t;
  }

  private @Nullable ResponseHeaders headersOrNull() {
    RequestScope s = rt.scope();
    if (s.ctx instanceof HeaderPhase h) {
      return h.responseHeaders();
    } else if (s.ctx instanceof LogPhase l) {
      return l.responseHeaders();
    }
    return null;
  }

  private LuaValue pending(String name) {
    LuaValue found = LuaValue.NIL;
    for (String[] op : rt.scope().state.pendingHeaders) {
      if (op[1].equalsIgnoreCase(name)) {
        found = op[0].equals("clear") ? LuaValue.NIL : LuaValue.valueOf(op[2]);
      }
    }
    return found;
  }

  private Varargs header(String op, Varargs a) {
    RequestScope s = rt.scope();
    String name = a.checkjstring(1);
    if (s.beforeResponse()) {
      if (op.equals("clear")) {
        s.state.pendingHeaders.add(new String[] {op, name, ""});
      } else {
        KongRequestApi.forEachValue(a.arg(2), v -> s.state.pendingHeaders.add(new String[] {op, name, v}));
      }
      return LuaValue.NONE;
    }
    ResponseHeaders h = s.header("kong.response." + op + "_header").responseHeaders();
    switch (op) {
      case "set" -> {
        h.remove(name);
        KongRequestApi.forEachValue(a.arg(2), v -> h.add(name, v));
      }
      case "add" -> KongRequestApi.forEachValue(a.arg(2), v -> h.add(name, v));
      default -> h.remove(name);
    }
    return LuaValue.NONE;
  }

  /** Applies headers set in rewrite/access to the response, in order. */
  static void applyPending(RequestState state, ResponseHeaders h) {
    for (String[] op : state.pendingHeaders) {
      switch (op[0]) {
        case "set" -> h.set(op[1], op[2]);
        case "add" -> h.add(op[1], op[2]);
        default -> h.remove(op[1]);
      }
    }
    state.pendingHeaders.clear();
  }

  private Varargs exit(Varargs a) {
    RequestScope s = rt.scope();
    int status = a.checkint(1);
    LuaValue body = a.arg(2);
    if (s.ctx instanceof HeaderPhase h && s.phase == SnippetPhase.HEADER_FILTER) {
      headerMap(a.arg(3)).forEach(h.responseHeaders()::set);
      h.replaceResponse(status, body.isnil() ? null : body.istable() ? LuaValues.encode(body) : body.tojstring());
      throw Signals.Exit.INSTANCE;
    }
    RewritePhase r = s.rewrite("kong.response.exit");
    Map<String, String> headers = headerMap(a.arg(3));
    Object javaBody = body.isnil() ? null : body.istable() ? LuaValues.toJava(body) : LuaValues.bytes(body.checkstring());
    if (javaBody instanceof List<?> l && l.isEmpty()) {
      javaBody = Map.of();
    }
    r.exit(status, javaBody, headers);
    throw Signals.Exit.INSTANCE;
  }

  static Map<String, String> headerMap(LuaValue v) {
    Map<String, String> out = new LinkedHashMap<>();
    if (v.istable()) {
      LuaTable t = (LuaTable) v;
      for (Varargs e = t.next(LuaValue.NIL); !e.arg1().isnil(); e = t.next(e.arg1())) {
        LuaValue val = e.arg(2);
        out.put(e.arg1().tojstring(), val.istable() ? val.get(1).tojstring() : val.tojstring());
      }
    } else if (!v.isnil()) {
      throw new LuaError("headers must be a table");
    }
    return out;
  }

  /** body_filter: nil until the last chunk, then the whole body (the chunks are held back meanwhile). */
  private LuaValue rawBody() {
    RequestScope s = rt.scope();
    if (s.phase != SnippetPhase.BODY_FILTER) {
      throw s.notIn("kong.response.get_raw_body");
    }
    if (s.state.bodyBuffer == null) {
      s.state.bodyBuffer = new java.io.ByteArrayOutputStream();
    }
    if (s.chunk != null) {
      s.state.bodyBuffer.writeBytes(s.chunk);
    }
    s.chunk = new byte[0];
    return s.eof ? LuaValue.valueOf(s.state.bodyBuffer.toByteArray()) : LuaValue.NIL;
  }
}
