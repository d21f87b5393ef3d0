package io.gatehouse.plugins.oauth2;

import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.Check;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.Entity;
import io.gatehouse.sdk.EntityChecks;
import io.gatehouse.sdk.NodeServices;
import io.gatehouse.sdk.OneOf;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.PreparedPlugin;
import io.gatehouse.sdk.Request;
import io.gatehouse.sdk.Scope;
import io.gatehouse.sdk.Snapshot;
import io.gatehouse.sdk.Transform;
import io.gatehouse.sdk.Unique;
import io.gatehouse.sdk.Auto;
import io.gatehouse.sdk.AuthOutcome;
import io.gatehouse.sdk.Validator;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * oauth2 (Kong 3.9, priority 1400): Kong as an OAuth 2.0 authorization server. {@code …/oauth2/token}
 * and {@code …/oauth2/authorize} on the route's paths; other requests need a bearer token. Tokens
 * and codes live in the node's plugin records, stored as digests.
 */
@PluginInfo(name = "oauth2", priority = 1400, forbiddenScopes = Scope.CONSUMER)
public final class OAuth2Plugin implements PreparedPlugin<OAuth2Config, OAuth2Rules> {

  /** An application: {@code /oauth2}, {@code /consumers/{c}/oauth2}. */
  @Entity(table = "oauth2_credentials", adminApiName = "oauth2", nestedName = "oauth2", endpointKey = "client_id")
  public record OAuth2Credential(String name, @Unique @Auto @Nullable String clientId,
      @Auto @Transform(value = ClientSecrets.Hash.class, onlyIf = "hash_secret") @Nullable String clientSecret,
      @Default("false") boolean hashSecret, @Nullable List<@Check(RedirectUri.class) String> redirectUris,
      @Default("confidential") @OneOf({"confidential", "public"}) String clientType) {}

  /** Kong's {@code validate_uri}: a scheme and host, no fragment. */
  public static final class RedirectUri implements Validator {
    @Override
    public @Nullable String check(Object value) {
      try {
        URI u = new URI(value.toString());
        if (u.getScheme() == null || u.getHost() == null) {
          return "cannot parse '" + value + "'";
        }
        return u.getRawFragment() != null ? "fragment not allowed in '" + value + "'" : null;
      } catch (Exception e) {
        return "cannot parse '" + value + "'";
      }
    }
  }

  private final ExecutorService hashing = Executors.newFixedThreadPool(2, r -> {
    Thread t = new Thread(r, "gatehouse-oauth2");
    t.setDaemon(true);
    return t;
  });
  private volatile @Nullable TokenStore store;

  @Override
  public List<Class<? extends Record>> entities() {
    return List.of(OAuth2Credential.class);
  }

  @Override
  public EntityChecks checks(Class<? extends Record> type) {
    if (type != OAuth2Config.class) {
      return EntityChecks.NONE;
    }
    return EntityChecks.NONE
        .requiredIf("mandatory_scope", Boolean.TRUE::equals, "scopes")
        .custom(List.of("enable_authorization_code", "enable_implicit_grant", "enable_client_credentials",
            "enable_password_grant"), c -> c.values().stream().anyMatch(Boolean.TRUE::equals) ? null
            : "at least one of these fields must be true: enable_authorization_code, enable_implicit_grant, "
                + "enable_client_credentials, enable_password_grant");
  }

  @Override
  public void start(NodeServices services) {
    services.pluginRecords().ifPresent(r -> store = new TokenStore(r));
  }

  /** Kong's {@code /oauth2_tokens}: list, show, revoke. */
  @Override
  public List<io.gatehouse.sdk.AdminEndpoint> adminEndpoints() {
    return new TokensAdmin(() -> store).endpoints();
  }

  @Override
  public OAuth2Rules prepare(OAuth2Config config, Snapshot snapshot) {
    return new OAuth2Rules(config, snapshot.shared(Clients.class, Clients::of), snapshot);
  }

  private enum Endpoint { TOKEN, AUTHORIZE, NONE }

  private static Endpoint endpoint(String path) {
    String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return p.endsWith("/oauth2/token") ? Endpoint.TOKEN : p.endsWith("/oauth2/authorize") ? Endpoint.AUTHORIZE : Endpoint.NONE;
  }

  @Override
  public boolean needsRequestBody(Request request, OAuth2Rules rules) {
    return Params.BODY_METHODS.contains(request.method())
        && (endpoint(request.path()) != Endpoint.NONE || request.header(rules.config().authHeaderName()) == null);
  }

  @Override
  public @Nullable CompletionStage<?> accessAsync(AccessPhase ctx, OAuth2Rules rules) {
    TokenStore s = store;
    Endpoint e = endpoint(ctx.request().path());
    if (e != Endpoint.NONE) {
      if (!ctx.request().method().equals("POST")) {
        String name = e == Endpoint.TOKEN ? "token" : "authorization";
        String d = "The HTTP method " + ctx.request().method() + " is invalid for the " + name + " endpoint";
        ctx.exit(405, Outcome.error("invalid_method", d), Map.of("WWW-Authenticate",
            "Bearer" + rules.realm() + " error=\"invalid_method\" error_description=\"" + d + "\""));
        return null;
      }
      if (s == null) {
        throw new IllegalStateException("oauth2: this node offers no plugin records");
      }
      Call call = Call.of(ctx, rules);
      return e == Endpoint.TOKEN
          ? CompletableFuture.supplyAsync(() -> new TokenEndpoint(s).handle(call), hashing).thenCompose(x -> x)
          : new AuthorizeEndpoint(s).handle(call);
    }
    String anonymous = rules.config().anonymous();
    if (AuthOutcome.skip(ctx, anonymous)) {
      ctx.upstream().removeHeader("X-Authenticated-Scope");
      ctx.upstream().removeHeader("X-Authenticated-UserId");
      return null;
    }
    if (s == null) {
      throw new IllegalStateException("oauth2: this node offers no plugin records");
    }
    String token = AccessTokens.find(ctx, rules.config());
    return new BearerAuth(s).check(rules, token, ctx.route(), ctx.service() == null ? null : ctx.service().id(),
        ctx.nowMillis() / 1000);
  }

  @Override
  public void resume(AccessPhase ctx, OAuth2Rules rules, @Nullable Object result) {
    switch (result) {
      case Outcome.Exit x -> ctx.exit(x.status(), x.body(), x.headers());
      case Outcome.Authenticated a -> {
        ctx.authenticate(a.consumer(), a.credential());
        setOrRemove(ctx, "X-Authenticated-Scope", a.token().scope());
        setOrRemove(ctx, "X-Authenticated-UserId", a.token().authenticatedUserid());
      }
      case Outcome.Rejected r -> {
        if (rules.config().anonymous() == null) {
          ctx.exit(r.status(), r.body(), r.headers());
        } else {
          AuthOutcome.fail(ctx, rules.snapshot(), rules.config().anonymous(), r.status(), "", Map.of());
          ctx.upstream().removeHeader("X-Authenticated-Scope");
          ctx.upstream().removeHeader("X-Authenticated-UserId");
        }
      }
      case null, default -> { }
    }
  }

  private static void setOrRemove(AccessPhase ctx, String header, @Nullable String value) {
    if (value == null) {
      ctx.upstream().removeHeader(header);
    } else {
      ctx.upstream().setHeader(header, value);
    }
  }
}
