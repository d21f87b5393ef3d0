package io.gatehouse.plugins.aiproxy;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A provider's streamed answer on its way to the client, translated to the OpenAI format event by
 * event ({@link ResponseTranslation} in stream mode, which also counts the tokens): it subscribes to
 * the provider's body at once and asks for one piece, so {@link #firstByte} tells when the provider
 * really started answering; the gateway, subscribing as the publisher of {@code exitStreaming},
 * then pulls translated chunks one at a time, each asking the provider for one more piece. A
 * cancel from the gateway (the client left) cancels the provider's body, closing its connection.
 */
final class ProviderStream implements Flow.Subscriber<List<ByteBuffer>>, Flow.Publisher<byte[]> {
  private static final byte[] NOTHING = new byte[0];

  private final ResponseTranslation translation;
  private final CompletableFuture<Void> firstByte = new CompletableFuture<>();
  private final AtomicInteger wip = new AtomicInteger(); // serializes drain()
  private final Object lock = new Object();
  // guarded by lock
  private Flow.@Nullable Subscription provider;
  private Flow.@Nullable Subscriber<? super byte[]> client;
  private final ArrayDeque<byte[]> ready = new ArrayDeque<>();
  private long demand;
  private boolean asked; // a piece was asked of the provider and has not come yet
  private boolean providerDone;
  private @Nullable Throwable failure;
  private boolean over; // the client got its last signal, or it or the failover cancelled

  ProviderStream(ResponseTranslation translation) {
    this.translation = translation;
  }

  /** Completes at the provider's first body bytes (or its end, or its failure: exceptionally). */
  CompletableFuture<Void> firstByte() {
    return firstByte;
  }

  /** Stops reading the provider's answer (a failover gave up on it, or the client left). */
  void cancel() {
    Flow.Subscription s;
    synchronized (lock) {
      over = true;
      s = provider;
      ready.clear();
    }
    if (s != null) s.cancel();
  }

  // ------------------------------------------------------------------ from the provider

  @Override
  public void onSubscribe(Flow.Subscription s) {
    boolean cancelled;
    synchronized (lock) {
      cancelled = over || provider != null;
      if (!cancelled) {
        provider = s;
        asked = true;
      }
    }
    if (cancelled) s.cancel();
    else s.request(1); // the first piece tells that the provider answers
  }

  @Override
  public void onNext(List<ByteBuffer> pieces) {
    int size = 0;
    for (ByteBuffer b : pieces) size += b.remaining();
    byte[] raw = new byte[size];
    int at = 0;
    for (ByteBuffer b : pieces) {
      int n = b.remaining();
      b.get(raw, at, n);
      at += n;
    }
    byte[] out = size == 0 ? NOTHING : translation.filter(raw, false); // signals come one at a time
    Flow.Subscription again = null;
    synchronized (lock) {
      asked = false;
      if (out.length > 0 && !over) ready.add(out);
      if (size == 0 && !firstByte.isDone() && !over) {
        asked = true; // still waiting for the first bytes: nobody else asks before the commit
        again = provider;
      }
    }
    if (size > 0) firstByte.complete(null);
    if (again != null) again.request(1);
    drain();
  }

  @Override
  public void onError(Throwable t) {
    synchronized (lock) {
      failure = t;
    }
    firstByte.completeExceptionally(t);
    drain();
  }

  @Override
  public void onComplete() {
    byte[] tail = translation.filter(NOTHING, true); // the last event, and the usage noted on the call
    synchronized (lock) {
      if (tail.length > 0 && !over) ready.add(tail);
      providerDone = true;
    }
    firstByte.complete(null);
    drain();
  }

  // ------------------------------------------------------------------ to the gateway

  @Override
  public void subscribe(Flow.Subscriber<? super byte[]> subscriber) {
    boolean taken;
    synchronized (lock) {
      taken = client != null;
      if (!taken) client = subscriber;
    }
    if (taken) {
      subscriber.onSubscribe(new Flow.Subscription() {
        @Override
        public void request(long n) {}

        @Override
        public void cancel() {}
      });
      subscriber.onError(new IllegalStateException("a provider stream has one subscriber"));
      return;
    }
    subscriber.onSubscribe(new Flow.Subscription() {
      @Override
      public void request(long n) {
        synchronized (lock) {
          if (n <= 0) failure = new IllegalArgumentException("request(" + n + "): must be positive (rule 3.9)");
          else demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
        }
        drain();
      }

      @Override
      public void cancel() {
        ProviderStream.this.cancel();
      }
    });
    drain();
  }

  /** Sends what is ready as far as the client asked, then asks the provider for more, or ends. */
  private void drain() {
    if (wip.getAndIncrement() != 0) return; // the running drain goes round again
    do {
      while (true) {
        Flow.Subscriber<? super byte[]> to;
        byte[] next = null;
        Flow.Subscription ask = null;
        Throwable failed = null;
        boolean completed = false;
        synchronized (lock) {
          to = client;
          if (to == null || over) break;
          if (demand > 0 && !ready.isEmpty()) {
            next = ready.poll();
            demand--;
          } else if (ready.isEmpty() && (failure != null || providerDone)) {
            over = true;
            failed = failure;
            completed = failure == null;
          } else if (ready.isEmpty() && demand > 0 && !asked && provider != null) {
            asked = true;
            ask = provider;
          } else {
            break;
          }
        }
        if (next != null) {
          to.onNext(next);
        } else if (completed) {
          to.onComplete();
        } else if (failed != null) {
          if (failed instanceof IllegalArgumentException) cancel();
          to.onError(failed);
        } else if (ask != null) {
          ask.request(1);
        }
      }
    } while (wip.decrementAndGet() != 0);
  }
}
