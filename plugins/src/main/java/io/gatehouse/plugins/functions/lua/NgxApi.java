package io.gatehouse.plugins.functions.lua;

import io.gatehouse.plugins.functions.pdk.HttpArgs;
import io.gatehouse.plugins.functions.pdk.KongPdk;
import io.gatehouse.plugins.functions.pdk.RequestPdk;
import io.gatehouse.plugins.functions.pdk.RequestScope;
import io.gatehouse.plugins.functions.pdk.Signals;
import io.gatehouse.plugins.functions.pdk.SnippetPhase;
import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.Request;
import io.gatehouse.sdk.RewritePhase;
import io.gatehouse.sdk.Upstream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/** The {@code ngx} table: the OpenResty API snippets use, on the request in scope. */
final class NgxApi {
  private static final DateTimeFormatter HTTP_TIME =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT);
  private final LuaRuntime rt;

  NgxApi(LuaRuntime rt) {
    this.rt = rt;
  }

  LuaTable table() {
    LuaTable ngx = new LuaTable();
    constants(ngx);
    ngx.set("var", var());
    ngx.set("req", req());
    ngx.set("re", NgxRegex.table());
    ngx.set("null", LuaValues.NULL);
    ngx.set("say", Fn.of(a -> print(a, true)));
    ngx.set("print", Fn.of(a -> print(a, false)));
    ngx.set("exit", Fn.of(this::exit));
    ngx.set("log", Fn.of(a -> {
      LuaArgs args = new LuaArgs(a);
      StringBuilder line = new StringBuilder();
      for (int i = 1; i < args.size(); i++) {
        line.append(args.display(i));
      }
      KongPdk.write(a.checkint(1) <= 4 ? "err" : a.checkint(1) <= 5 ? "warn" : a.checkint(1) <= 7 ? "info" : "debug",
          line.toString());
      return LuaValue.NONE;
    }));
    ngx.set("now", Fn.of(a -> LuaValue.valueOf(System.currentTimeMillis() / 1000.0)));
    ngx.set("time", Fn.of(a -> LuaValue.valueOf(System.currentTimeMillis() / 1000)));
    ngx.set("update_time", Fn.of(a -> LuaValue.NONE));
    ngx.set("http_time", Fn.of(a -> LuaValue.valueOf(HTTP_TIME.format(
        ZonedDateTime.ofInstant(java.time.Instant.ofEpochSecond(a.checklong(1)), ZoneOffset.UTC)))));
    ngx.set("utctime", Fn.of(a -> LuaValue.valueOf(ZonedDateTime.now(ZoneOffset.UTC)
        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")))));
    ngx.set("encode_base64", Fn.of(a -> {
      Base64.Encoder e = a.optboolean(2, false) ? Base64.getEncoder().withoutPadding() : Base64.getEncoder();
      return LuaValue.valueOf(e.encodeToString(LuaValues.bytes(a.checkstring(1))));
    }));
    ngx.set("decode_base64", Fn.of(a -> {
      try {
        return LuaValue.valueOf(Base64.getDecoder().decode(a.checkjstring(1)));
      } catch (IllegalArgumentException e) {
        return LuaValue.NIL;
      }
    }));
    ngx.set("md5", Fn.of(a -> LuaValue.valueOf(HexFormat.of().formatHex(digest("MD5", a)))));
    ngx.set("md5_bin", Fn.of(a -> LuaValue.valueOf(digest("MD5", a))));
    ngx.set("sha1_bin", Fn.of(a -> LuaValue.valueOf(digest("SHA-1", a))));
    ngx.set("hmac_sha1", Fn.of(a -> {
      try {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
        mac.init(new javax.crypto.spec.SecretKeySpec(LuaValues.bytes(a.checkstring(1)), "HmacSHA1"));
        return LuaValue.valueOf(mac.doFinal(LuaValues.bytes(a.checkstring(2))));
      } catch (java.security.GeneralSecurityException e) {
        throw new LuaError(e.getMessage());
      }
    }));
    ngx.set("escape_uri", Fn.of(a -> LuaValue.valueOf(HttpArgs.escape(a.checkjstring(1)))));
    ngx.set("unescape_uri", Fn.of(a -> LuaValue.valueOf(HttpArgs.unescape(a.checkjstring(1)))));
    ngx.set("encode_args", Fn.of(a -> LuaValue.valueOf(HttpArgs.encode(LuaValues.toJava(a.checktable(1))))));
    ngx.set("decode_args", Fn.of(a -> args(a.checkjstring(1))));
    LuaTable worker = new LuaTable();
    worker.set("pid", Fn.of(a -> LuaValue.valueOf(ProcessHandle.current().pid())));
    worker.set("id", Fn.of(a -> LuaValue.valueOf(0)));
    worker.set("count", Fn.of(a -> LuaValue.valueOf(1)));
    ngx.set("worker", worker);
    LuaTable config = new LuaTable();
    config.set("subsystem", "http");
    config.set("ngx_lua_version", 10026);
    ngx.set("config", config);
    LuaTable meta = new LuaTable();
    meta.set(LuaValue.INDEX, Fn.of(a -> dynamic(a.arg(2).tojstring())));
    meta.set(LuaValue.NEWINDEX, Fn.of(a -> {
      if (!a.arg(2).tojstring().equals("status")) {
        throw new LuaError("ngx." + a.arg(2).tojstring() + " cannot be assigned in Gatehouse");
      }
      LuaState.of(rt.scope()).ngxStatus = a.checkint(3);
      return LuaValue.NONE;
    }));
    ngx.setmetatable(meta);
    return ngx;
  }

  private LuaValue dynamic(String name) {
    RequestScope s = rt.scope();
    return switch (name) {
      case "ctx" -> LuaState.of(s).ngxCtx;
      case "status" -> LuaValue.valueOf(s.status() != 0 ? s.status() : LuaState.of(s).ngxStatus);
      case "header" -> header();
      case "arg" -> arg();
      default -> throw KongPdk.unsupported("ngx." + name);
    };
  }

  private static void constants(LuaTable ngx) {
    ngx.set("OK", 0);
    ngx.set("ERROR", -1);
    ngx.set("AGAIN", -2);
    ngx.set("DONE", -4);
    ngx.set("DECLINED", -5);
    String[] levels = {"STDERR", "EMERG", "ALERT", "CRIT", "ERR", "WARN", "NOTICE", "INFO", "DEBUG"};
    for (int i = 0; i < levels.length; i++) {
      ngx.set(levels[i], i);
    }
    int[] codes = {100, 101, 200, 201, 202, 204, 206, 301, 302, 303, 304, 307, 308, 400, 401, 402, 403, 404, 405, 406,
        408, 409, 410, 411, 413, 414, 415, 426, 429, 444, 451, 500, 501, 502, 503, 504, 505};
    String[] names = {"CONTINUE", "SWITCHING_PROTOCOLS", "OK", "CREATED", "ACCEPTED", "NO_CONTENT", "PARTIAL_CONTENT",
        "MOVED_PERMANENTLY", "MOVED_TEMPORARILY", "SEE_OTHER", "NOT_MODIFIED", "TEMPORARY_REDIRECT",
        "PERMANENT_REDIRECT", "BAD_REQUEST", "UNAUTHORIZED", "PAYMENT_REQUIRED", "FORBIDDEN", "NOT_FOUND",
        "NOT_ALLOWED", "NOT_ACCEPTABLE", "REQUEST_TIMEOUT", "CONFLICT", "GONE", "LENGTH_REQUIRED",
        "REQUEST_ENTITY_TOO_LARGE", "REQUEST_URI_TOO_LONG", "UNSUPPORTED_MEDIA_TYPE", "UPGRADE_REQUIRED",
        "CLOSE", "ILLEGAL", "INTERNAL_SERVER_ERROR", "METHOD_NOT_IMPLEMENTED", "BAD_GATEWAY",
        "SERVICE_UNAVAILABLE", "GATEWAY_TIMEOUT", "VERSION_NOT_SUPPORTED"};
    for (int i = 0; i < codes.length && i < names.length; i++) {
      ngx.set("HTTP_" + names[i], codes[i]);
    }
    ngx.set("HTTP_TOO_MANY_REQUESTS", 429);
    ngx.set("HTTP_GET", "GET");
    ngx.set("HTTP_POST", "POST");
    ngx.set("HTTP_PUT", "PUT");
    ngx.set("HTTP_DELETE", "DELETE");
    ngx.set("HTTP_HEAD", "HEAD");
    ngx.set("HTTP_PATCH", "PATCH");
    ngx.set("HTTP_OPTIONS", "OPTIONS");
  }

  private Varargs print(Varargs a, boolean newline) {
    RequestScope s = rt.scope();
    s.rewrite(newline ? "ngx.say" : "ngx.print");
    for (int i = 1; i <= a.narg(); i++) {
      LuaValue v = a.arg(i);
      LuaState.of(s).said.writeBytes(v.istable() ? LuaValues.bytes(v.get(1)) : LuaValues.bytes(v.tostring()));
    }
    if (newline) {
      LuaState.of(s).said.write('\n');
    }
    return LuaValue.valueOf(1);
  }

  /** {@code ngx.exit}: in rewrite/access a status >= 200 (or output from ngx.say) ends the request. */
  private Varargs exit(Varargs a) {
    RequestScope s = rt.scope();
    int status = a.checkint(1);
    if (s.beforeResponse() && (status >= 200 || LuaState.of(s).said.size() > 0)) {
      finishSaid(s, status >= 200 ? status : 0);
    }
    throw Signals.Exit.INSTANCE;
  }

  /** Answers with what ngx.say wrote (or nothing), the pending headers and the status. */
  static void finishSaid(RequestScope s, int status) {
    RewritePhase r = s.rewrite("ngx.exit");
    LuaState lua = LuaState.of(s);
    int code = status != 0 ? status : lua.ngxStatus != 0 ? lua.ngxStatus : 200;
    java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
    for (String[] op : s.state().pendingHeaders()) {
      if (op[0].equals("clear")) {
        headers.remove(op[1]);
      } else {
        headers.put(op[1], op[2]);
      }
    }
    s.state().pendingHeaders().clear();
    byte[] body = lua.said.toByteArray();
    lua.said.reset();
    if (body.length == 0 && code >= 400 && status != 0) {
      r.error(code, null, headers); // nginx's own error page for ngx.exit(4xx/5xx), Kong's JSON error
    } else {
      headers.putIfAbsent("Content-Type", "text/plain");
      r.exit(code, body.length == 0 ? null : body, headers);
    }
  }

  /** {@code ngx.var}: the nginx variables snippets read; only {@code upstream_uri} can be set. */
  private LuaTable var() {
    LuaTable t = new LuaTable();
    LuaTable meta = new LuaTable();
    meta.set(LuaValue.INDEX, Fn.of(a -> variable(a.arg(2).tojstring())));
    meta.set(LuaValue.NEWINDEX, Fn.of(a -> {
      String name = a.arg(2).tojstring();
      if (name.equals("args")) {
        rt.scope().rewrite("ngx.var.args").upstream().setRawQuery(a.arg(3).isnil() ? null : a.arg(3).tojstring());
        return LuaValue.NONE;
      }
      if (!name.equals("upstream_uri")) {
        throw new LuaError("ngx.var." + name + " cannot be set in Gatehouse");
      }
      Upstream up = rt.scope().rewrite("ngx.var.upstream_uri").upstream();
      String uri = a.checkjstring(3);
      int q = uri.indexOf('?');
      up.setPath(q < 0 ? uri : uri.substring(0, q));
      up.setRawQuery(q < 0 ? null : uri.substring(q + 1));
      return LuaValue.NONE;
    }));
    t.setmetatable(meta);
    return t;
  }

  private LuaValue variable(String name) {
    RequestScope s = rt.scope();
    Request r = s.ctx().request();
    String q = r.rawQuery();
    if (name.startsWith("http_")) {
      return str(r.header(name.substring(5)));
    } else if (name.startsWith("arg_")) {
      return HttpArgs.decode(q).get(name.substring(4)) instanceof String v ? LuaValue.valueOf(v) : LuaValue.NIL;
    } else if (name.startsWith("cookie_")) {
      return cookie(r.header("Cookie"), name.substring(7));
    }
    return switch (name) {
      case "uri" -> LuaValue.valueOf(r.path());
      case "request_uri" -> LuaValue.valueOf(q == null ? r.path() : r.path() + "?" + q);
      case "args", "query_string" -> str(q);
      case "is_args" -> LuaValue.valueOf(q == null ? "" : "?");
      case "host" -> LuaValue.valueOf(r.host());
      case "scheme" -> LuaValue.valueOf(r.scheme());
      case "request_method" -> LuaValue.valueOf(r.method());
      case "remote_addr", "realip_remote_addr" -> LuaValue.valueOf(r.peerIp());
      case "server_addr" -> LuaValue.valueOf(r.serverAddress());
      case "server_port" -> LuaValue.valueOf(String.valueOf(r.serverPort()));
      case "request_id", "kong_request_id" -> LuaValue.valueOf(s.ctx().requestId());
      case "content_type" -> str(r.header("Content-Type"));
      case "content_length" -> str(r.header("Content-Length"));
      case "status" -> s.status() == 0 ? LuaValue.NIL : LuaValue.valueOf(String.valueOf(s.status()));
      case "connection" -> LuaValue.valueOf(String.valueOf(r.connection()));
      case "connection_requests" -> LuaValue.valueOf(String.valueOf(r.connectionRequests()));
      case "hostname" -> LuaValue.valueOf("localhost");
      case "server_protocol" -> LuaValue.valueOf("HTTP/1.1");
      default -> LuaValue.NIL;
    };
  }

  private static LuaValue cookie(String header, String name) {
    if (header == null) {
      return LuaValue.NIL;
    }
    for (String part : header.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0 && part.substring(0, eq).strip().equals(name)) {
        return LuaValue.valueOf(part.substring(eq + 1).strip());
      }
    }
    return LuaValue.NIL;
  }

  private LuaTable req() {
    LuaTable t = Fn.namespace("ngx.req");
    t.set("get_headers", Fn.of(a -> LuaValues.toLua(HttpArgs.headers(rt.scope().ctx().request()))));
    t.set("get_uri_args", Fn.of(a -> args(rt.scope().ctx().request().rawQuery())));
    t.set("get_method", Fn.of(a -> LuaValue.valueOf(rt.scope().ctx().request().method())));
    t.set("http_version", Fn.of(a -> LuaValue.valueOf(rt.scope().ctx().request().httpVersion())));
    t.set("start_time", Fn.of(a -> LuaValue.valueOf(System.currentTimeMillis() / 1000.0)));
    t.set("set_header", Fn.of(a -> {
      Upstream up = up("ngx.req.set_header");
      up.removeHeader(a.checkjstring(1));
      if (!a.isnil(2)) {
        new LuaArgs(a).strings(1).forEach(v -> up.addHeader(a.checkjstring(1), v));
      }
      return LuaValue.NONE;
    }));
    t.set("clear_header", Fn.of(a -> {
      up("ngx.req.clear_header").removeHeader(a.checkjstring(1));
      return LuaValue.NONE;
    }));
    t.set("set_uri", Fn.of(a -> {
      up("ngx.req.set_uri").setPath(a.checkjstring(1));
      return LuaValue.NONE;
    }));
    t.set("set_uri_args", Fn.of(a -> {
      up("ngx.req.set_uri_args").setRawQuery(a.arg1().istable() ? HttpArgs.encode(LuaValues.toJava(a.arg1()))
          : a.checkjstring(1));
      return LuaValue.NONE;
    }));
    t.set("set_method", Fn.of(a -> {
      up("ngx.req.set_method").setMethod(a.arg1().tojstring().toUpperCase(Locale.ROOT));
      return LuaValue.NONE;
    }));
    t.set("read_body", Fn.of(a -> LuaValue.NONE));
    t.set("get_body_data", Fn.of(a -> {
      var body = RequestPdk.body(rt.scope(), "ngx.req.get_body_data");
      return body == null || body.bytes().length == 0 ? LuaValue.NIL : LuaValue.valueOf(body.bytes());
    }));
    t.set("get_body_file", Fn.of(a -> LuaValue.NIL));
    t.set("get_post_args", Fn.of(a -> {
      var body = RequestPdk.body(rt.scope(), "ngx.req.get_post_args");
      return args(body == null ? null : new String(body.bytes(), StandardCharsets.UTF_8));
    }));
    t.set("set_body_data", Fn.of(a -> {
      up("ngx.req.set_body_data").setBody(LuaValues.bytes(a.checkstring(1)));
      return LuaValue.NONE;
    }));
    return t;
  }

  /** {@code ngx.header}: the response headers (header_filter), or the ones to set on it (rewrite/access). */
  private LuaValue header() {
    RequestScope s = rt.scope();
    LuaTable t = new LuaTable();
    LuaTable meta = new LuaTable();
    meta.set(LuaValue.INDEX, Fn.of(a -> {
      String name = a.arg(2).tojstring().replace('_', '-');
      if (s.ctx() instanceof HeaderPhase h) {
        return str(h.responseHeaders().get(name));
      }
      return str(io.gatehouse.plugins.functions.pdk.ResponsePdk.pending(s, name));
    }));
    meta.set(LuaValue.NEWINDEX, Fn.of(a -> {
      String name = a.arg(2).tojstring().replace('_', '-');
      LuaValue v = a.arg(3);
      if (s.ctx() instanceof HeaderPhase h) {
        h.responseHeaders().remove(name);
        if (!v.isnil()) {
          new LuaArgs(v).strings(0).forEach(x -> h.responseHeaders().add(name, x));
        }
      } else if (s.beforeResponse()) {
        s.state().pendingHeaders().add(new String[] {"clear", name, ""});
        if (!v.isnil()) {
          new LuaArgs(v).strings(0).forEach(x -> s.state().pendingHeaders().add(new String[] {"add", name, x}));
        }
      } else {
        throw s.notIn("ngx.header");
      }
      return LuaValue.NONE;
    }));
    t.setmetatable(meta);
    return t;
  }

  /** body_filter's {@code ngx.arg}: [1] the chunk (writable), [2] whether it is the last. */
  private LuaValue arg() {
    RequestScope s = rt.scope();
    if (s.phase() != SnippetPhase.BODY_FILTER) {
      return new LuaTable();
    }
    LuaTable t = new LuaTable();
    LuaTable meta = new LuaTable();
    meta.set(LuaValue.INDEX, Fn.of(a -> switch (a.arg(2).toint()) {
      case 1 -> LuaValue.valueOf(s.chunk());
      case 2 -> LuaValue.valueOf(s.eof());
      default -> LuaValue.NIL;
    }));
    meta.set(LuaValue.NEWINDEX, Fn.of(a -> {
      if (a.arg(2).toint() == 1) {
        s.replaceChunk(a.arg(3).isnil() ? new byte[0] : LuaValues.bytes(a.arg(3).tostring()));
      } else if (a.arg(2).toint() == 2) {
        s.eof(a.arg(3).toboolean());
      }
      return LuaValue.NONE;
    }));
    t.setmetatable(meta);
    return t;
  }

  private static byte[] digest(String algorithm, Varargs a) {
    try {
      return MessageDigest.getInstance(algorithm).digest(LuaValues.bytes(a.checkstring(1)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new LuaError(e.getMessage());
    }
  }

  private Upstream up(String call) {
    return RequestPdk.up(rt.scope(), call);
  }

  private static LuaValue str(@org.jspecify.annotations.Nullable String s) {
    return s == null ? LuaValue.NIL : LuaValue.valueOf(s);
  }

  /** Decoded arguments as a Lua table ({@code ngx.req.get_uri_args}). */
  private static LuaValue args(@org.jspecify.annotations.Nullable String raw) {
    return LuaValues.toLua(HttpArgs.decode(raw));
  }
}
