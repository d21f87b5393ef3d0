package io.gatehouse.plugins.requesttransformer;

import io.gatehouse.net.FormCodec;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.BodyType;
import io.gatehouse.sdk.Request;
import io.gatehouse.sdk.RequestBody;
import io.gatehouse.sdk.Upstream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The access phase, in Kong's order: {@code replace.uri} → {@code http_method} → headers → body →
 * querystring. Templates are rendered against the request as the client sent it.
 */
final class RequestTransformer {
  private RequestTransformer() {}

  static boolean needsRequestBody(Request request, Rules rules) {
    BodyType type = BodyType.of(request.header("Content-Type"));
    return (!rules.body().isEmpty() && type != BodyType.OTHER) || (mergesFormIntoQuery(rules) && type == BodyType.FORM);
  }

  private static boolean mergesFormIntoQuery(Rules rules) {
    String m = rules.httpMethod();
    return m != null && (m.equals("GET") || m.equals("HEAD") || m.equals("TRACE"));
  }

  static void access(AccessPhase ctx, Rules rules) {
    Template.Env env = new RequestEnv(ctx, rules.readsHeaders());
    Upstream up = ctx.upstream();
    RequestBody body = ctx.requestBody();
    if (rules.uri() != null) {
      up.setPath(rules.uri().render(env));
    }
    String query = up.rawQuery();
    if (rules.httpMethod() != null) {
      up.setMethod(rules.httpMethod());
      if (mergesFormIntoQuery(rules) && body != null && body.type() == BodyType.FORM) {
        LinkedHashMap<String, List<String>> args = FormCodec.parse(query == null ? "" : query);
        body.form().forEach((k, v) -> args.put(k, new ArrayList<>(v))); // later rules may append
        query = FormCodec.encode(args);
        up.setRawQuery(query);
      }
    }
    headers(up, rules.headers(), env);
    if (!rules.body().isEmpty() && body != null) {
      byte[] changed = BodyTransform.apply(body.type(), ctx.request().header("Content-Type"), body.bytes(),
          rules.body(), env);
      if (changed != null) {
        up.setBody(changed);
      }
    }
    if (!rules.querystring().isEmpty()) {
      LinkedHashMap<String, List<String>> args = FormCodec.parse(query == null ? "" : query);
      Ops.apply(args, rules.querystring(), env);
      up.setRawQuery(args.isEmpty() ? null : FormCodec.encode(args));
    }
  }

  /**
   * Kong's {@code transform_headers} reads the headers with {@code host} taken out: remove, rename
   * from, add and append never see or touch Host; {@code replace} of host always applies and, like
   * a rename to host, sets the upstream Host ({@code kong.service.request.set_header}), which then
   * wins over preserve_host, host_header and the target.
   */
  private static void headers(Upstream up, Rules.Target t, Template.Env env) {
    for (String name : t.remove()) {
      if (!isHost(name)) {
        up.removeHeader(name);
      }
    }
    for (Pair p : t.rename()) {
      String old = p.name();
      String value = isHost(old) ? null : up.header(old);
      if (value != null) {
        String target = p.value().render(env);
        up.removeHeader(old);
        up.setHeader(target, value);
      }
    }
    for (Pair p : t.replace()) {
      if (isHost(p.name()) || up.header(p.name()) != null) {
        up.setHeader(p.name(), p.value().render(env));
      }
    }
    for (Pair p : t.add()) {
      if (!isHost(p.name()) && up.header(p.name()) == null) {
        up.setHeader(p.name(), p.value().render(env));
      }
    }
    for (Pair p : t.append()) {
      if (!isHost(p.name())) {
        up.addHeader(p.name(), p.value().render(env));
      }
    }
  }

  private static boolean isHost(String name) {
    return name.toLowerCase(Locale.ROOT).equals("host");
  }

  /** Template lookups against the client's request (Kong renders against the original request). */
  private static final class RequestEnv implements Template.Env {
    private final Request req;
    private final List<String> captures;
    private final Map<String, String> named;
    private final Map<String, Object> shared;
    private @Nullable Map<String, String> originalHeaders;

    RequestEnv(AccessPhase ctx, boolean readsHeaders) {
      this.req = ctx.request();
      this.captures = ctx.uriCaptures();
      this.named = ctx.uriNamedCaptures();
      this.shared = ctx.shared();
      if (!readsHeaders) {
        return; // no template reads headers (decided when the config was bound): nothing to copy
      }
      // headers change as rules apply; the templates must see them as sent
      Map<String, String> h = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (String name : req.headerNames()) {
        h.putIfAbsent(name, String.join(", ", req.headers(name)));
      }
      this.originalHeaders = h;
    }

    @Override
    public @Nullable String lookup(String table, String key) {
      return switch (table) {
        case "headers" -> {
          if (originalHeaders == null) {
            yield null;
          }
          String v = originalHeaders.get(key);
          yield v != null || key.indexOf('_') < 0 ? v : originalHeaders.get(key.replace('_', '-'));
        }
        case "query_params" -> {
          List<String> v = req.queryArgs(key);
          yield v.isEmpty() ? null : v.getFirst();
        }
        case "uri_captures" -> capture(key);
        case "shared" -> {
          Object v = shared.get(key);
          yield v == null ? null : v.toString();
        }
        default -> null;
      };
    }

    private @Nullable String capture(String key) {
      if (!key.isEmpty() && key.chars().allMatch(Character::isDigit)) {
        int i = Integer.parseInt(key);
        return i < captures.size() ? captures.get(i) : null;
      }
      return named.get(key);
    }
  }

  /** The five operations on name → values (query args, form fields). */
  static final class Ops {
    private Ops() {}

    static void apply(LinkedHashMap<String, List<String>> args, Rules.Target t, Template.Env env) {
      for (String name : t.remove()) {
        args.remove(name);
      }
      for (Pair p : t.rename()) {
        List<String> v = args.remove(p.name());
        if (v != null) {
          args.put(p.value().render(env), v);
        }
      }
      for (Pair p : t.replace()) {
        if (args.containsKey(p.name())) {
          args.put(p.name(), new ArrayList<>(List.of(p.value().render(env))));
        }
      }
      for (Pair p : t.add()) {
        if (!args.containsKey(p.name())) {
          args.put(p.name(), new ArrayList<>(List.of(p.value().render(env))));
        }
      }
      for (Pair p : t.append()) {
        args.computeIfAbsent(p.name(), n -> new ArrayList<>()).add(p.value().render(env));
      }
    }
  }
}
