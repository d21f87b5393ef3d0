package io.gatehouse.plugins.cors;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.Check;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.OneOf;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.PreparedPlugin;
import io.gatehouse.sdk.Scope;
import io.gatehouse.sdk.Validator;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * cors: priority 2000 (before authentication), access (preflight) and header_filter (every other
 * response, generated ones included); cannot be scoped to a consumer.
 */
@PluginInfo(name = "cors", priority = 2000, forbiddenScopes = Scope.CONSUMER)
public final class CorsPlugin implements PreparedPlugin<CorsPlugin.Settings, CorsPlugin.Config> {
  static final List<String> METHODS = List.of("GET", "HEAD", "PUT", "PATCH", "POST", "DELETE", "OPTIONS", "TRACE", "CONNECT");
  /** Set in {@link AccessPhase#shared()} on a preflight: header_filter then adds nothing. */
  static final String SKIP_RESPONSE_HEADERS = "cors.skip_response_headers";

  /** The config as stored (reference plugins §10). */
  public record Settings(
      @Nullable List<@Check(OriginPattern.class) String> origins,
      @Nullable List<String> headers,
      @Nullable List<String> exposedHeaders,
      @Default({"GET", "HEAD", "PUT", "PATCH", "POST", "DELETE", "OPTIONS", "TRACE", "CONNECT"})
      @Nullable List<@OneOf({"GET", "HEAD", "PUT", "PATCH", "POST", "DELETE", "OPTIONS", "TRACE", "CONNECT"}) String> methods,
      @Nullable BigDecimal maxAge,
      @Default("false") boolean credentials,
      @Default("false") boolean privateNetwork,
      @Default("false") boolean preflightContinue) {}

  /** An origin is {@code *} or a regex (RE2). */
  public static final class OriginPattern implements Validator {
    @Override
    public @Nullable String check(Object value) {
      String s = (String) value;
      if (s.equals("*")) {
        return null;
      }
      try {
        Pattern.compile(s);
        return null;
      } catch (PatternSyntaxException e) {
        return "'" + s + "' is not a valid regex";
      }
    }
  }

  /** The config prepared for requests: origins classified, header values joined. */
  record Config(Origins origins, @Nullable String allowHeaders, @Nullable String exposeHeaders, String methods,
      @Nullable String maxAge, boolean credentials, boolean privateNetwork, boolean preflightContinue) {}

  @Override
  public Config prepare(Settings s) {
    return new Config(new Origins(s.origins()), join(s.headers()), join(s.exposedHeaders()),
        s.methods() == null ? String.join(",", METHODS) : String.join(",", s.methods()),
        s.maxAge() == null ? null : s.maxAge().stripTrailingZeros().toPlainString(),
        s.credentials(), s.privateNetwork(), s.preflightContinue());
  }

  private static @Nullable String join(@Nullable List<String> values) {
    return values == null || values.isEmpty() ? null : String.join(",", values);
  }

  /** Where the CORS headers go: the preflight answer being built, or a response being filtered. */
  private interface Out {
    void set(String name, String value);

    void clear(String name);

    void varyOrigin();
  }

  @Override
  public void access(AccessPhase ctx, Config config) {
    String origin = ctx.request().header("Origin");
    if (!ctx.request().method().equals("OPTIONS") || origin == null || origin.isEmpty()
        || ctx.request().header("Access-Control-Request-Method") == null) {
      return;
    }
    ctx.shared().put(SKIP_RESPONSE_HEADERS, Boolean.TRUE);
    if (config.preflightContinue()) {
      return; // the upstream answers the preflight, and we add nothing
    }
    Map<String, String> headers = new LinkedHashMap<>();
    Out out = new Out() {
      @Override
      public void set(String name, String value) {
        headers.put(name, value);
      }

      @Override
      public void clear(String name) {
        headers.remove(name);
      }

      @Override
      public void varyOrigin() {
        headers.put("Vary", "Origin");
      }
    };
    boolean allowAll = configureOrigin(config, out, origin);
    configureCredentials(config, out, allowAll, origin);
    if (config.allowHeaders() != null) {
      headers.put("Access-Control-Allow-Headers", config.allowHeaders());
    } else {
      String requested = ctx.request().header("Access-Control-Request-Headers");
      if (requested != null) {
        headers.put("Access-Control-Allow-Headers", requested);
      }
    }
    headers.put("Access-Control-Allow-Methods", config.methods());
    if (config.maxAge() != null) {
      headers.put("Access-Control-Max-Age", config.maxAge());
    }
    if (config.privateNetwork() && "true".equals(ctx.request().header("Access-Control-Request-Private-Network"))) {
      headers.put("Access-Control-Allow-Private-Network", "true");
    }
    ctx.exit(200, null, headers);
  }

  @Override
  public void headerFilter(HeaderPhase ctx, Config config) {
    if (ctx.shared().get(SKIP_RESPONSE_HEADERS) != null) {
      return;
    }
    String origin = ctx.request().header("Origin");
    if (origin != null && origin.isEmpty()) {
      origin = null;
    }
    var h = ctx.responseHeaders();
    Out out = new Out() {
      @Override
      public void set(String name, String value) {
        h.set(name, value);
      }

      @Override
      public void clear(String name) {
        h.remove(name);
      }

      @Override
      public void varyOrigin() {
        h.add("Vary", "Origin");
      }
    };
    boolean allowAll = configureOrigin(config, out, origin);
    configureCredentials(config, out, allowAll, origin);
    if (config.exposeHeaders() != null) {
      h.set("Access-Control-Expose-Headers", config.exposeHeaders());
    }
  }

  /** Sets {@code Access-Control-Allow-Origin}; true when it is {@code *}. */
  private static boolean configureOrigin(Config config, Out out, @Nullable String requestOrigin) {
    Origins origins = config.origins();
    if (origins.allowAll) {
      out.set("Access-Control-Allow-Origin", "*");
      return true;
    }
    out.varyOrigin(); // always, so caches key on Origin
    if (origins.single != null) {
      out.set("Access-Control-Allow-Origin", origins.single);
      return false;
    }
    if (requestOrigin != null) {
      if (origins.hasStar) {
        out.set("Access-Control-Allow-Origin", "*");
        return true;
      }
      Origins.Normalized req = Origins.normalize(requestOrigin);
      for (Origins.Entry e : origins.entries) {
        boolean found = e.regex() != null
            ? e.regex().matcher(e.byHost() ? req.host() : req.domain()).find()
            : req.domain().equals(e.domain());
        if (found) {
          out.set("Access-Control-Allow-Origin", req.domain());
          return false;
        }
      }
    }
    out.clear("Access-Control-Allow-Origin");
    return false;
  }

  private static void configureCredentials(Config config, Out out, boolean allowAll, @Nullable String requestOrigin) {
    if (!config.credentials()) {
      return;
    }
    if (!allowAll) {
      out.set("Access-Control-Allow-Credentials", "true");
      return;
    }
    // ACAC cannot be true with ACAO "*": answer with the request's own origin
    if (requestOrigin != null) {
      out.varyOrigin();
      out.set("Access-Control-Allow-Origin", requestOrigin);
      out.set("Access-Control-Allow-Credentials", "true");
    }
  }
}
