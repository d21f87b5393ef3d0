package io.gatehouse.plugins.functions.pdk;

import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.Request;
import io.gatehouse.sdk.RequestBody;
import io.gatehouse.sdk.Upstream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code kong.request} and {@code kong.service.request}. */
public final class RequestPdk {
  private RequestPdk() {}

  static Namespace request() {
    return Namespace.builder("kong.request")
        .fn("get_scheme", (s, a) -> req(s).scheme())
        .fn("get_host", (s, a) -> req(s).host())
        .fn("get_port", (s, a) -> req(s).port())
        .fn("get_forwarded_scheme", (s, a) -> req(s).scheme())
        .fn("get_forwarded_host", (s, a) -> req(s).host())
        .fn("get_forwarded_port", (s, a) -> req(s).port())
        .fn("get_forwarded_path", (s, a) -> req(s).path())
        .fn("get_http_version", (s, a) -> req(s).httpVersion())
        .fn("get_method", (s, a) -> req(s).method())
        .fn("get_path", (s, a) -> req(s).path())
        .fn("get_raw_path", (s, a) -> req(s).path())
        .fn("get_path_with_query", (s, a) -> {
          String q = req(s).rawQuery();
          return q == null || q.isEmpty() ? req(s).path() : req(s).path() + "?" + q;
        })
        .fn("get_raw_query", (s, a) -> orEmpty(req(s).rawQuery()))
        .fn("get_query_arg", (s, a) -> HttpArgs.decode(req(s).rawQuery()).get(a.string(0)))
        .fn("get_query", (s, a) -> HttpArgs.decode(req(s).rawQuery()))
        .fn("get_header", (s, a) -> req(s).header(a.string(0)))
        .fn("get_headers", (s, a) -> HttpArgs.headers(req(s)))
        .fn("get_raw_body", (s, a) -> {
          RequestBody body = body(s, "kong.request.get_raw_body");
          return body == null ? null : body.bytes();
        })
        .fn("get_body", (s, a) -> getBody(s))
        .fn("get_start_time", (s, a) -> (double) System.currentTimeMillis())
        .fn("get_id", (s, a) -> s.ctx().requestId())
        .build();
  }

  static Namespace serviceRequest() {
    return Namespace.builder("kong.service.request")
        .action("set_header", (s, a) -> up(s, "kong.service.request.set_header").setHeader(a.string(0), a.display(1)))
        .action("add_header", (s, a) -> up(s, "kong.service.request.add_header").addHeader(a.string(0), a.display(1)))
        .action("clear_header", (s, a) -> up(s, "kong.service.request.clear_header").removeHeader(a.string(0)))
        .action("set_headers", (s, a) -> {
          Upstream up = up(s, "kong.service.request.set_headers");
          if (table(a, 0) instanceof Map<?, ?> headers) {
            headers.forEach((name, v) -> {
              up.removeHeader(String.valueOf(name));
              values(v).forEach(x -> up.addHeader(String.valueOf(name), x));
            });
          }
        })
        .action("set_path", (s, a) -> up(s, "kong.service.request.set_path").setPath(a.string(0)))
        .action("set_raw_query", (s, a) -> up(s, "kong.service.request.set_raw_query").setRawQuery(a.string(0)))
        .action("set_query", (s, a) -> up(s, "kong.service.request.set_query").setRawQuery(HttpArgs.encode(table(a, 0))))
        .action("set_method", (s, a) ->
            up(s, "kong.service.request.set_method").setMethod(a.string(0).toUpperCase(Locale.ROOT)))
        .action("set_raw_body", (s, a) -> up(s, "kong.service.request.set_raw_body").setBody(a.bytes(0)))
        .action("set_body", (s, a) -> {
          Upstream up = up(s, "kong.service.request.set_body");
          String mime = a.isNil(1) ? orEmpty(up.header("Content-Type")) : a.string(1);
          table(a, 0);
          String body;
          if (mime.contains("json")) {
            body = a.json(0);
          } else if (mime.contains("x-www-form-urlencoded")) {
            body = HttpArgs.encode(a.value(0));
          } else {
            throw new PdkException("kong.service.request.set_body: unsupported content type '" + mime + "'");
          }
          up.setHeader("Content-Type", mime.isEmpty() ? "application/json" : mime);
          up.setBody(body.getBytes(StandardCharsets.UTF_8));
        })
        .build();
  }

  private static Request req(RequestScope s) {
    return s.ctx().request();
  }

  /** A table argument as plain Java (the language's "table expected" error otherwise). */
  static @Nullable Object table(Args a, int i) {
    a.requireTable(i);
    return a.value(i);
  }

  /** The upstream request, in rewrite and access only. */
  public static Upstream up(RequestScope s, String call) {
    return s.rewrite(call).upstream();
  }

  /** The buffered request body, in access only. */
  public static @Nullable RequestBody body(RequestScope s, String call) {
    AccessPhase a = s.accessOrNull();
    if (a == null || s.phase() != SnippetPhase.ACCESS) {
      throw s.notIn(call);
    }
    return a.requestBody();
  }

  private static Object getBody(RequestScope s) {
    RequestBody body = body(s, "kong.request.get_body");
    if (body == null || body.bytes().length == 0) {
      return PdkFunction.Multi.of(null, "missing content type");
    }
    String type = orEmpty(req(s).header("Content-Type")).toLowerCase(Locale.ROOT);
    String text = new String(body.bytes(), StandardCharsets.UTF_8);
    if (type.contains("json")) {
      return PdkFunction.Multi.of(PdkJson.decode(text), null, "application/json");
    } else if (type.contains("x-www-form-urlencoded")) {
      return PdkFunction.Multi.of(HttpArgs.decode(text), null, "application/x-www-form-urlencoded");
    }
    return PdkFunction.Multi.of(null, "unsupported content type '" + type + "'");
  }

  /** Header values from a plain value: each element of a list, else the value as text. */
  static List<String> values(@Nullable Object v) {
    if (v instanceof List<?> l) {
      return l.stream().map(HttpArgs::text).toList();
    }
    return List.of(HttpArgs.text(v));
  }

  static String orEmpty(@Nullable String s) {
    return s == null ? "" : s;
  }
}
