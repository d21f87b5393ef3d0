package io.gatehouse.proxy.plugins;

import java.util.concurrent.Flow;

/**
 * Subscribes to a streamed plugin answer that will never be sent (a HEAD request, a replaced or
 * abandoned answer, a client already gone) only to cancel it at once, so its source stops.
 */
public final class DiscardedStream implements Flow.Subscriber<byte[]> {
  private DiscardedStream() {}

  /** Cancels the publisher's stream. */
  public static void cancel(Flow.Publisher<byte[]> body) {
    body.subscribe(new DiscardedStream());
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    s.cancel();
  }

  @Override
  public void onNext(byte[] item) {}

  @Override
  public void onError(Throwable t) {}

  @Override
  public void onComplete() {}
}
