package io.gatehouse.plugins.aiproxy;

import io.gatehouse.plugins.llm.LlmClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * ai-proxy-advanced's streamed model call: the planned provider requests are tried in the
 * balancer's order; a try fails over (by {@code failover_criteria}) when it cannot connect, answers
 * 429/5xx, or sends no body byte within {@code read_timeout}. The first try whose 200 answer has
 * sent its first bytes is committed: its stream goes to the client translated chunk by chunk
 * ({@link ProviderStream}), with no failover after that. Any other last answer is read whole and
 * given as the whole-answer path gives it.
 */
final class StreamedFailover {
  /** A committed stream: the try that answers, its translated stream and the tries that failed over. */
  record Streaming(FailoverCall.Try by, ProviderStream stream, List<Map<String, Object>> failovers) {}

  private final List<FailoverCall.Try> tries;
  private final LlmClient client;
  private final Duration timeout;
  private final Set<String> criteria;
  private final TargetBalancer balancer;
  private final byte[] clientBody;
  private final BiFunction<FailoverCall.Try, @Nullable String, ResponseTranslation> translations;
  private final List<Map<String, Object>> failovers = new ArrayList<>();

  StreamedFailover(List<FailoverCall.Try> tries, LlmClient client, Duration timeout, Set<String> criteria,
      TargetBalancer balancer, byte[] clientBody,
      BiFunction<FailoverCall.Try, @Nullable String, ResponseTranslation> translations) {
    this.tries = tries;
    this.client = client;
    this.timeout = timeout;
    this.criteria = criteria;
    this.balancer = balancer;
    this.clientBody = clientBody;
    this.translations = translations;
  }

  /** Completes with a {@link Streaming} or, when no stream could start, a whole {@link FailoverCall.Outcome}. */
  CompletableFuture<Object> run() {
    return attempt(0);
  }

  private CompletableFuture<Object> attempt(int i) {
    FailoverCall.Try t = tries.get(i);
    boolean more = i + 1 < tries.size();
    long start = System.nanoTime();
    return client.stream(FailoverCall.request(t.plan(), clientBody), timeout)
        .thenCompose(res -> answered(t, res, start, more))
        .handle((answer, failure) -> {
          if (failure == null) return CompletableFuture.completedFuture(answer);
          Throwable c = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
          if (c instanceof FailedOver f) return next(t, "http_" + f.status, f.status, i);
          String kind = c instanceof HttpTimeoutException || c instanceof TimeoutException ? "timeout" : "error";
          balancer.observed(t.target(), Math.max(elapsedMs(start), timeout.toMillis())); // a failure counts as slow
          if (more && criteria.contains(kind)) return next(t, kind, null, i);
          return CompletableFuture.<Object>completedFuture(FailoverCall.unreachable(t, kind, failovers));
        }).thenCompose(f -> f);
  }

  private CompletableFuture<Object> next(FailoverCall.Try t, String why, @Nullable Integer status, int i) {
    failovers.add(FailoverCall.failover(t, why, status));
    return attempt(i + 1);
  }

  /** The provider's head arrived: wait for the first bytes of a 200, fail over, or read an error whole. */
  private CompletableFuture<Object> answered(FailoverCall.Try t, HttpResponse<Flow.Publisher<List<ByteBuffer>>> res,
      long start, boolean more) {
    int status = res.statusCode();
    if (status == 200) {
      ProviderStream stream = new ProviderStream(translations.apply(t, res.headers().firstValue("Content-Type").orElse(null)));
      res.body().subscribe(stream);
      long left = Math.max(1, timeout.toMillis() - elapsedMs(start));
      return stream.firstByte().orTimeout(left, TimeUnit.MILLISECONDS).handle((ok, failure) -> {
        if (failure != null) {
          stream.cancel(); // the provider is dropped: stop reading it
          throw failure instanceof CompletionException ce ? ce : new CompletionException(failure);
        }
        balancer.observed(t.target(), elapsedMs(start)); // the time to the first byte
        t.plan().call().answered();
        return new Streaming(t, stream, failovers);
      });
    }
    if (more && criteria.contains("http_" + status)) {
      res.body().subscribe(new Cancelling());
      balancer.observed(t.target(), elapsedMs(start));
      return CompletableFuture.failedFuture(new FailedOver(status));
    }
    // the last answer, or one that does not fail over: passed whole, as the whole-answer path does
    HttpResponse.BodySubscriber<byte[]> whole = HttpResponse.BodySubscribers.ofByteArray();
    res.body().subscribe(whole);
    String type = res.headers().firstValue("Content-Type").orElse("application/json");
    long left = Math.max(1, timeout.toMillis() - elapsedMs(start));
    return whole.getBody().toCompletableFuture().orTimeout(left, TimeUnit.MILLISECONDS).thenApply(body -> {
      t.plan().call().answered();
      return new FailoverCall.Outcome(t, status, FailoverCall.scrub(body, t.proxy().secrets()), type, failovers);
    });
  }

  private static long elapsedMs(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  /** A 429/5xx that fails over: the try ends here. */
  private static final class FailedOver extends RuntimeException {
    final int status;

    FailedOver(int status) {
      super(null, null, false, false);
      this.status = status;
    }
  }

  /** Drops a body nobody reads (its connection closes). */
  private static final class Cancelling implements Flow.Subscriber<List<ByteBuffer>> {
    @Override
    public void onSubscribe(Flow.Subscription s) {
      s.cancel();
    }

    @Override
    public void onNext(List<ByteBuffer> item) {}

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onComplete() {}
  }
}
