package io.gatehouse.plugins.openidconnect;

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One issuer as a relying party knows it: the discovery document and the signing keys of its
 * {@code jwks_uri} (plus {@code extra_jwks_uris}), fetched with the JDK's asynchronous client, so
 * no event loop ever waits for them. A token signed with a key this copy does not hold makes it
 * discover again (the provider rotated its keys), at most once per {@code rediscovery_lifetime};
 * concurrent requests share one fetch. Shared by every plugin instance naming the same issuer.
 */
final class Provider {
  private static final Logger LOG = LoggerFactory.getLogger(Provider.class);

  /**
   * The discovery document's fields this plugin uses, and the keys; {@code fetchedAt} in nanos.
   * {@code verifiers} keeps each key's verifier once built (decoding a public key costs more than
   * checking a signature with it).
   */
  record Keys(Metadata metadata, List<JWK> keys, long fetchedAt, Map<JWK, JWSVerifier> verifiers) {
    Keys(Metadata metadata, List<JWK> keys, long fetchedAt) {
      this(metadata, keys, fetchedAt, new java.util.concurrent.ConcurrentHashMap<>());
    }
  }

  /** What discovery said; endpoints are null when the provider did not name them. */
  record Metadata(String issuer, @Nullable URI jwksUri, @Nullable URI tokenEndpoint, @Nullable URI authorizationEndpoint,
      @Nullable URI introspectionEndpoint, @Nullable URI endSessionEndpoint, List<String> codeChallengeMethods) {}

  /** Where and how to discover. */
  record Source(URI discovery, Map<String, String> headers, List<URI> extraJwks, boolean sslVerify, long timeoutMillis) {}

  private final Source source;
  private final HttpClient http;
  private final LongSupplier nanos;
  private volatile @Nullable Keys keys;
  private final AtomicReference<@Nullable CompletableFuture<Keys>> inflight = new AtomicReference<>();

  Provider(Source source, HttpClient http, LongSupplier nanos) {
    this.source = source;
    this.http = http;
    this.nanos = nanos;
  }

  /** Kong accepts the issuer identifier or the discovery endpoint itself. */
  static URI discoveryUri(String issuer) {
    if (issuer.contains("/.well-known/")) {
      return URI.create(issuer);
    }
    String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    return URI.create(base + "/.well-known/openid-configuration");
  }

  /** The keys, discovering first if this issuer was never discovered (or the last attempt failed). */
  CompletableFuture<Keys> keys() {
    Keys k = keys;
    return k != null ? CompletableFuture.completedFuture(k) : discover();
  }

  /** The keys held now, or null before the first discovery finished. */
  @Nullable Keys current() {
    return keys;
  }

  /**
   * Discovers again because a token named a key this copy lacks, unless the last discovery is
   * younger than {@code lifetimeSeconds}: then the keys held are the answer (rate limit).
   */
  CompletableFuture<Keys> rediscover(double lifetimeSeconds) {
    Keys k = keys;
    if (k != null && nanos.getAsLong() - k.fetchedAt() < (long) (lifetimeSeconds * 1e9)) {
      return CompletableFuture.completedFuture(k);
    }
    return discover();
  }

  private CompletableFuture<Keys> discover() {
    CompletableFuture<Keys> mine = new CompletableFuture<>();
    CompletableFuture<Keys> running = inflight.compareAndExchange(null, mine);
    if (running != null) {
      return running;
    }
    fetch().whenComplete((k, e) -> {
      if (e == null) {
        keys = k;
      } else {
        LOG.warn("openid-connect: discovery of {} failed: {}", source.discovery(), rootMessage(e));
      }
      inflight.set(null);
      if (e == null) {
        mine.complete(k);
      } else {
        mine.completeExceptionally(e);
      }
    });
    return mine;
  }

  private CompletableFuture<Keys> fetch() {
    return get(source.discovery(), source.headers()).thenCompose(body -> {
      Metadata m = metadata(body);
      List<URI> uris = new ArrayList<>();
      if (m.jwksUri() != null) {
        uris.add(m.jwksUri());
      }
      uris.addAll(source.extraJwks());
      List<CompletableFuture<List<JWK>>> sets = uris.stream()
          .map(u -> get(u, Map.of()).thenApply(Provider::jwks)).toList();
      return CompletableFuture.allOf(sets.toArray(CompletableFuture[]::new)).thenApply(v -> {
        List<JWK> all = new ArrayList<>();
        sets.forEach(s -> all.addAll(s.join()));
        return new Keys(m, List.copyOf(all), nanos.getAsLong());
      });
    });
  }

  private CompletableFuture<String> get(URI uri, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET().timeout(Duration.ofMillis(source.timeoutMillis()))
        .header("Accept", "application/json");
    headers.forEach(b::header);
    return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
      if (r.statusCode() != 200) {
        throw new CompletionException(new IllegalStateException(uri + " answered " + r.statusCode()));
      }
      return r.body();
    });
  }

  static Metadata metadata(String json) {
    try {
      Map<String, Object> o = JSONObjectUtils.parse(json);
      String issuer = JSONObjectUtils.getString(o, "issuer");
      if (issuer == null) {
        throw new IllegalStateException("the discovery document names no issuer");
      }
      List<String> methods = o.get("code_challenge_methods_supported") instanceof List<?> l
          ? l.stream().map(String::valueOf).toList() : List.of();
      return new Metadata(issuer, uri(o, "jwks_uri"), uri(o, "token_endpoint"), uri(o, "authorization_endpoint"),
          uri(o, "introspection_endpoint"), uri(o, "end_session_endpoint"), methods);
    } catch (java.text.ParseException e) {
      throw new CompletionException(new IllegalStateException("the discovery document is not JSON", e));
    }
  }

  private static @Nullable URI uri(Map<String, Object> o, String name) {
    return o.get(name) instanceof String s ? URI.create(s) : null;
  }

  private static List<JWK> jwks(String json) {
    try {
      // only public halves are kept; a symmetric key has none and is dropped (HS tokens are refused)
      return JWKSet.parse(json).getKeys().stream().map(JWK::toPublicJWK).filter(java.util.Objects::nonNull).toList();
    } catch (java.text.ParseException e) {
      throw new CompletionException(new IllegalStateException("the JWKS is not a JWK set", e));
    }
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && (t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
