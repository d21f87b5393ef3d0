package io.gatehouse.plugins.mtlsauth;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.AuthOutcome;
import io.gatehouse.sdk.Consumer;
import io.gatehouse.sdk.Credential;
import io.gatehouse.sdk.Snapshot;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * mtls-auth's access phase: the chain the client sent in the handshake is checked against the
 * instance's CAs (and revocation, per {@code revocation_check_mode}) on a pool of its own, the
 * verdict kept {@code cache_ttl} seconds per chain; then the consumer is found by the certificate's
 * names. A cached verdict answers inline.
 */
final class MtlsAuthHandler {
  static final String NO_CERTIFICATE = "No required TLS certificate was sent";
  static final String FAILED = "TLS certificate failed verification";

  /** Chain checks (signatures, CRL downloads) run here, never on the event loop; more waiting than this answers 500. */
  private static final ThreadPoolExecutor POOL = pool();

  private MtlsAuthHandler() {}

  private static ThreadPoolExecutor pool() {
    ThreadPoolExecutor p = new ThreadPoolExecutor(8, 8, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1024),
        Thread.ofPlatform().name("mtls-auth-verify-", 0).daemon().factory(), new ThreadPoolExecutor.AbortPolicy());
    p.allowCoreThreadTimeOut(true);
    return p;
  }

  /** A chain that passed: the CA that vouched for it and the client certificate's names. */
  record Checked(Trust.Verified verified, CertNames names, String fingerprint) {}

  /** What a failed check caches (a record, so it is never null in the cache). */
  record Refused() {}

  /** One instance, ready for requests. */
  record Prepared(MtlsAuthConfig config, Snapshot snapshot, Trust trust, ConsumerNames names, AsyncCache<String, Object> verdicts) {
    static Prepared of(MtlsAuthConfig c, Snapshot s) {
      Caffeine<Object, Object> b = Caffeine.newBuilder().maximumSize(10_000).executor(Runnable::run);
      if (c.cacheTtl() > 0) {
        b.expireAfterWrite(Duration.ofNanos((long) (c.cacheTtl() * 1e9)));
      }
      return new Prepared(c, s, Trust.of(c.caCertificates(), s, c.allowPartialChain()),
          s.shared(ConsumerNames.class, ConsumerNames::of), b.buildAsync());
    }
  }

  static @Nullable CompletionStage<?> accessAsync(AccessPhase ctx, Prepared p) {
    if (AuthOutcome.skip(ctx, p.config().anonymous())) {
      return null;
    }
    List<X509Certificate> chain = ctx.request().clientCertificates();
    if (chain.isEmpty()) {
      fail(ctx, p, NO_CERTIFICATE);
      return null;
    }
    String fingerprint = fingerprint(chain);
    CompletableFuture<Object> verdict = p.verdicts().get(fingerprint, (k, ignored) -> {
      try {
        return CompletableFuture.supplyAsync(() -> check(p, chain, fingerprint), POOL);
      } catch (RejectedExecutionException e) {
        return CompletableFuture.failedFuture(e);
      }
    });
    if (!verdict.isDone() || verdict.isCompletedExceptionally()) {
      return verdict;
    }
    resume(ctx, p, verdict.join());
    return null;
  }

  static void resume(AccessPhase ctx, Prepared p, @Nullable Object result) {
    if (!(result instanceof Checked checked)) {
      fail(ctx, p, FAILED);
      return;
    }
    MtlsAuthConfig c = p.config();
    CertNames names = checked.names();
    if (c.skipConsumerLookup()) {
      String group = "DN".equals(c.authenticatedGroupBy()) ? names.dn() : names.cn();
      ctx.authenticate(new Credential(checked.fingerprint(), null, names.cn() != null ? names.cn() : names.dn()));
      if (group != null) {
        ctx.setAuthenticatedGroups(List.of(group));
      }
      ctx.upstream().setHeader("X-Client-Cert-DN", names.dn());
      if (!names.sans().isEmpty()) {
        ctx.upstream().setHeader("X-Client-Cert-San", String.join(",", names.sans()));
      }
      return;
    }
    if (!mapConsumer(ctx, p, checked)) {
      fail(ctx, p, FAILED);
    }
  }

  /** Credentials by subject name first, then consumers by {@code consumer_by}, then {@code default_consumer}. */
  private static boolean mapConsumer(AccessPhase ctx, Prepared p, Checked checked) {
    ConsumerNames n = p.names();
    List<String> names = checked.names().lookupNames();
    for (String name : names) {
      for (ConsumerNames.Stored s : n.credentials(ctx.route(), name)) {
        Consumer consumer = s.caId() == null || s.caId().equals(checked.verified().caId()) ? n.consumer(s.consumerId()) : null;
        if (consumer != null) {
          ctx.authenticate(consumer, new Credential(s.id(), consumer.id(), name));
          return true;
        }
      }
    }
    for (String field : p.config().consumerBy()) {
      for (String name : names) {
        Consumer consumer = n.consumerBy(ctx.route(), field, name);
        if (consumer != null) {
          ctx.authenticate(consumer, new Credential(checked.fingerprint(), consumer.id(), name));
          return true;
        }
      }
    }
    String fallback = p.config().defaultConsumer();
    Consumer consumer = fallback == null ? null : p.snapshot().consumer(ctx.route(), fallback).orElse(null);
    if (consumer != null) {
      ctx.authenticate(consumer, new Credential(checked.fingerprint(), consumer.id(),
          names.isEmpty() ? checked.names().dn() : names.getFirst()));
      return true;
    }
    return false;
  }

  /** On the pool: the chain against the CAs, then revocation. */
  private static Object check(Prepared p, List<X509Certificate> chain, String fingerprint) {
    Trust.Verified v = p.trust().verify(chain, new Date());
    if (v == null) {
      return new Refused();
    }
    MtlsAuthConfig.Revocation mode = p.config().revocation();
    if (mode != MtlsAuthConfig.Revocation.SKIP) {
      X509Certificate leaf = v.path().getFirst();
      Crls.Status status = Ocsp.check(leaf, v.issuer(), p.config()); // OCSP first, as Kong
      if (status == Crls.Status.UNKNOWN) {
        status = Crls.check(leaf, v.issuer(), p.config());
      }
      if (status == Crls.Status.REVOKED || (status == Crls.Status.UNKNOWN && mode == MtlsAuthConfig.Revocation.STRICT)) {
        return new Refused();
      }
    }
    return new Checked(v, CertNames.of(v.path().getFirst()), fingerprint);
  }

  private static String fingerprint(List<X509Certificate> chain) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (X509Certificate c : chain) {
        d.update(c.getEncoded());
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void fail(AccessPhase ctx, Prepared p, String message) {
    AuthOutcome.fail(ctx, p.snapshot(), p.config().anonymous(), 401, message, Map.of());
  }
}
