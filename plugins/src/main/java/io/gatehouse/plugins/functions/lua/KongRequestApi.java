package io.gatehouse.plugins.functions.lua;

import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.Request;
import io.gatehouse.sdk.RequestBody;
import io.gatehouse.sdk.Upstream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/** {@code kong.request} and {@code kong.service.request}. */
final class KongRequestApi {
  private final LuaRuntime rt;

  KongRequestApi(LuaRuntime rt) {
    this.rt = rt;
  }

  private Request req() {
    return rt.scope().ctx.request();
  }

  LuaTable request() {
    LuaTable t = Fn.namespace("kong.request");
    t.set("get_scheme", Fn.of(a -> LuaValue.valueOf(req().scheme())));
    t.set("get_host", Fn.of(a -> LuaValue.valueOf(req().host())));
    t.set("get_port", Fn.of(a -> LuaValue.valueOf(req().port())));
    t.set("get_forwarded_scheme", Fn.of(a -> LuaValue.valueOf(req().scheme())));
    t.set("get_forwarded_host", Fn.of(a -> LuaValue.valueOf(req().host())));
    t.set("get_forwarded_port", Fn.of(a -> LuaValue.valueOf(req().port())));
    t.set("get_forwarded_path", Fn.of(a -> LuaValue.valueOf(req().path())));
    t.set("get_http_version", Fn.of(a -> LuaValue.valueOf(req().httpVersion())));
    t.set("get_method", Fn.of(a -> LuaValue.valueOf(req().method())));
    t.set("get_path", Fn.of(a -> LuaValue.valueOf(req().path())));
    t.set("get_raw_path", Fn.of(a -> LuaValue.valueOf(req().path())));
    t.set("get_path_with_query", Fn.of(a -> {
      String q = req().rawQuery();
      return LuaValue.valueOf(q == null || q.isEmpty() ? req().path() : req().path() + "?" + q);
    }));
    t.set("get_raw_query", Fn.of(a -> LuaValue.valueOf(orEmpty(req().rawQuery()))));
    t.set("get_query_arg", Fn.of(a -> queryArgs(req().rawQuery()).get(a.checkjstring(1)).arg1()));
    t.set("get_query", Fn.of(a -> queryArgs(req().rawQuery())));
    t.set("get_header", Fn.of(a -> str(req().header(a.checkjstring(1)))));
    t.set("get_headers", Fn.of(a -> headers(req())));
    t.set("get_raw_body", Fn.of(a -> {
      RequestBody body = body("kong.request.get_raw_body");
      return body == null ? LuaValue.NIL : LuaValue.valueOf(body.bytes());
    }));
    t.set("get_body", Fn.of(this::getBody));
    t.set("get_start_time", Fn.of(a -> LuaValue.valueOf((double) System.currentTimeMillis())));
    t.set("get_id", Fn.of(a -> LuaValue.valueOf(rt.scope().ctx.requestId())));
    return t;
  }

  LuaTable serviceRequest() {
    LuaTable t = Fn.namespace("kong.service.request");
    t.set("set_header", Fn.of(a -> {
      up("kong.service.request.set_header").setHeader(a.checkjstring(1), a.arg(2).tojstring());
      return LuaValue.NONE;
    }));
    t.set("add_header", Fn.of(a -> {
      up("kong.service.request.add_header").addHeader(a.checkjstring(1), a.arg(2).tojstring());
      return LuaValue.NONE;
    }));
    t.set("clear_header", Fn.of(a -> {
      up("kong.service.request.clear_header").removeHeader(a.checkjstring(1));
      return LuaValue.NONE;
    }));
    t.set("set_headers", Fn.of(a -> {
      Upstream up = up("kong.service.request.set_headers");
      LuaTable h = a.checktable(1);
      for (Varargs e = h.next(LuaValue.NIL); !e.arg1().isnil(); e = h.next(e.arg1())) {
        String name = e.arg1().tojstring();
        up.removeHeader(name);
        forEachValue(e.arg(2), v -> up.addHeader(name, v));
      }
      return LuaValue.NONE;
    }));
    t.set("set_path", Fn.of(a -> {
      up("kong.service.request.set_path").setPath(a.checkjstring(1));
      return LuaValue.NONE;
    }));
    t.set("set_raw_query", Fn.of(a -> {
      up("kong.service.request.set_raw_query").setRawQuery(a.checkjstring(1));
      return LuaValue.NONE;
    }));
    t.set("set_query", Fn.of(a -> {
      up("kong.service.request.set_query").setRawQuery(encodeArgs(a.checktable(1)));
      return LuaValue.NONE;
    }));
    t.set("set_method", Fn.of(a -> {
      up("kong.service.request.set_method").setMethod(a.checkjstring(1).toUpperCase(Locale.ROOT));
      return LuaValue.NONE;
    }));
    t.set("set_raw_body", Fn.of(a -> {
      up("kong.service.request.set_raw_body").setBody(LuaValues.bytes(a.checkstring(1)));
      return LuaValue.NONE;
    }));
    t.set("set_body", Fn.of(a -> {
      Upstream up = up("kong.service.request.set_body");
      String mime = a.isnil(2) ? orEmpty(up.header("Content-Type")) : a.checkjstring(2);
      String body;
      if (mime.contains("json")) {
        body = LuaValues.encode(a.checktable(1));
      } else if (mime.contains("x-www-form-urlencoded")) {
        body = encodeArgs(a.checktable(1));
      } else {
        throw new LuaError("kong.service.request.set_body: unsupported content type '" + mime + "'");
      }
      up.setHeader("Content-Type", mime.isEmpty() ? "application/json" : mime);
      up.setBody(body.getBytes(StandardCharsets.UTF_8));
      return LuaValue.NONE;
    }));
    return t;
  }

  Upstream up(String call) {
    return rt.scope().rewrite(call).upstream();
  }

  @Nullable RequestBody body(String call) {
    AccessPhase a = rt.scope().accessOrNull();
    if (a == null || rt.scope().phase != SnippetPhase.ACCESS) {
      throw rt.scope().notIn(call);
    }
    return a.requestBody();
  }

  private Varargs getBody(Varargs a) {
    RequestBody body = body("kong.request.get_body");
    if (body == null || body.bytes().length == 0) {
      return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("missing content type"));
    }
    String type = orEmpty(req().header("Content-Type")).toLowerCase(Locale.ROOT);
    if (type.contains("json")) {
      return LuaValue.varargsOf(LuaValues.decode(new String(body.bytes(), StandardCharsets.UTF_8)), LuaValue.NIL,
          LuaValue.valueOf("application/json"));
    } else if (type.contains("x-www-form-urlencoded")) {
      return LuaValue.varargsOf(queryArgs(new String(body.bytes(), StandardCharsets.UTF_8)), LuaValue.NIL,
          LuaValue.valueOf("application/x-www-form-urlencoded"));
    }
    return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("unsupported content type '" + type + "'"));
  }

  static LuaValue str(@Nullable String s) {
    return s == null ? LuaValue.NIL : LuaValue.valueOf(s);
  }

  static String orEmpty(@Nullable String s) {
    return s == null ? "" : s;
  }

  /** Lower-case names; a repeated header is an array, as {@code ngx.req.get_headers} gives it. */
  static LuaTable headers(Request r) {
    LuaTable t = new LuaTable();
    for (String name : r.headerNames()) {
      java.util.List<String> values = r.headers(name);
      String key = name.toLowerCase(Locale.ROOT);
      if (values.size() == 1) {
        t.set(key, values.getFirst());
      } else {
        LuaTable list = new LuaTable();
        values.forEach(v -> list.insert(0, LuaValue.valueOf(v)));
        t.set(key, list);
      }
    }
    return t;
  }

  /** {@code ngx.decode_args}: {@code a=1&a=2&flag} gives {@code {a = {"1", "2"}, flag = true}}. */
  static LuaTable queryArgs(@Nullable String raw) {
    LuaTable t = new LuaTable();
    if (raw == null || raw.isEmpty()) {
      return t;
    }
    for (String part : raw.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name = decode(eq < 0 ? part : part.substring(0, eq));
      LuaValue value = eq < 0 ? LuaValue.TRUE : LuaValue.valueOf(decode(part.substring(eq + 1)));
      LuaValue old = t.get(name);
      if (old.isnil()) {
        t.set(name, value);
      } else if (old.istable()) {
        old.checktable().insert(0, value);
      } else {
        LuaTable list = new LuaTable();
        list.insert(0, old);
        list.insert(0, value);
        t.set(name, list);
      }
    }
    return t;
  }

  static String encodeArgs(LuaTable args) {
    StringBuilder sb = new StringBuilder();
    for (Varargs e = args.next(LuaValue.NIL); !e.arg1().isnil(); e = args.next(e.arg1())) {
      String name = URLEncoder.encode(e.arg1().tojstring(), StandardCharsets.UTF_8).replace("+", "%20");
      LuaValue v = e.arg(2);
      if (v.istable()) {
        for (int i = 1; i <= v.length(); i++) {
          sb.append(sb.isEmpty() ? "" : "&").append(name).append('=').append(enc(v.get(i).tojstring()));
        }
      } else if (v.isboolean()) {
        if (v.toboolean()) {
          sb.append(sb.isEmpty() ? "" : "&").append(name);
        }
      } else {
        sb.append(sb.isEmpty() ? "" : "&").append(name).append('=').append(enc(v.tojstring()));
      }
    }
    return sb.toString();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  static void forEachValue(LuaValue v, java.util.function.Consumer<String> each) {
    if (v.istable()) {
      for (int i = 1; i <= v.length(); i++) {
        each.accept(v.get(i).tojstring());
      }
    } else {
      each.accept(v.tojstring());
    }
  }
}
