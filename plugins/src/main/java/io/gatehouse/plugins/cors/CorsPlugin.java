package io.gatehouse.plugins.cors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.gatehouse.core.schema.Field;
import io.gatehouse.plugin.Access;
import io.gatehouse.plugin.AccessContext;
import io.gatehouse.plugin.ConfigBinding;
import io.gatehouse.plugin.HeaderFilter;
import io.gatehouse.plugin.HeaderFilterContext;
import io.gatehouse.plugin.Plugin;
import io.gatehouse.plugin.Scope;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * cors: priority 2000 (before authentication), access (preflight) and header_filter (every other
 * response, generated ones included); cannot be scoped to a consumer.
 */
public final class CorsPlugin implements Plugin<CorsPlugin.Config>, Access<CorsPlugin.Config>, HeaderFilter<CorsPlugin.Config> {
  static final List<String> METHODS = List.of("GET", "HEAD", "PUT", "PATCH", "POST", "DELETE", "OPTIONS", "TRACE", "CONNECT");
  /** Set in {@link AccessContext#shared()} on a preflight: header_filter then adds nothing. */
  static final String SKIP_RESPONSE_HEADERS = "cors.skip_response_headers";

  /** The config as stored (reference plugins §10). */
  public record Settings(@Nullable List<String> origins, @Nullable List<String> headers,
      @Nullable List<String> exposedHeaders, @Nullable List<String> methods, @Nullable BigDecimal maxAge,
      boolean credentials, boolean privateNetwork, boolean preflightContinue) {}

  /** The config prepared for requests: origins classified, header values joined. */
  record Config(Origins origins, @Nullable String allowHeaders, @Nullable String exposeHeaders, String methods,
      @Nullable String maxAge, boolean credentials, boolean privateNetwork, boolean preflightContinue) {}

  @Override
  public String name() {
    return "cors";
  }

  @Override
  public int priority() {
    return 2000;
  }

  @Override
  public Set<Scope> forbiddenScopes() {
    return Set.of(Scope.CONSUMER);
  }

  @Override
  public Field configSchema() {
    return Field.record("config",
        Field.array("origins", Field.element(Field.Type.STRING).check(v -> {
          String s = v.asText();
          if (s.equals("*")) {
            return null;
          }
          try {
            Pattern.compile(s);
            return null;
          } catch (PatternSyntaxException e) {
            return "'" + s + "' is not a valid regex";
          }
        })),
        Field.array("headers", Field.element(Field.Type.STRING)),
        Field.array("exposed_headers", Field.element(Field.Type.STRING)),
        Field.array("methods", Field.element(Field.Type.STRING).oneOf(METHODS.toArray())).defaultValue(METHODS),
        Field.number("max_age"),
        Field.bool("credentials").required().defaultValue(false),
        Field.bool("private_network").required().defaultValue(false),
        Field.bool("preflight_continue").required().defaultValue(false));
  }

  @Override
  public Class<Config> configType() {
    return Config.class;
  }

  @Override
  public Config bind(ObjectNode config) {
    Settings s = ConfigBinding.bind(config, Settings.class);
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
  public void access(AccessContext ctx, Config config) {
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
  public void headerFilter(HeaderFilterContext ctx, Config config) {
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
