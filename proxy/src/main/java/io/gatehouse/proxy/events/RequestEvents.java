package io.gatehouse.proxy.events;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of one proxy, compiled once into an array. The request path tests {@link #on}
 * before each event point, so no listener costs one field read and nothing else.
 */
public final class RequestEvents {
  private static final Logger log = LoggerFactory.getLogger(RequestEvents.class);
  /** No listener: every event point is skipped. */
  public static final RequestEvents NONE = new RequestEvents(new RequestListener[0]);

  /** Whether any listener is registered. */
  public final boolean on;
  private final RequestListener[] listeners;

  private RequestEvents(RequestListener[] listeners) {
    this.listeners = listeners;
    this.on = listeners.length > 0;
  }

  public static RequestEvents of(List<RequestListener> listeners) {
    return listeners.isEmpty() ? NONE : new RequestEvents(listeners.toArray(new RequestListener[0]));
  }

  public void accepted(ExchangeView r) {
    for (RequestListener l : listeners) {
      try {
        l.accepted(r);
      } catch (RuntimeException e) {
        failed(l, e);
      }
    }
  }

  public void routed(ExchangeView r) {
    for (RequestListener l : listeners) {
      try {
        l.routed(r);
      } catch (RuntimeException e) {
        failed(l, e);
      }
    }
  }

  public void upstreamTry(ExchangeView r, TryView t) {
    for (RequestListener l : listeners) {
      try {
        l.upstreamTry(r, t);
      } catch (RuntimeException e) {
        failed(l, e);
      }
    }
  }

  public void answered(ExchangeView r) {
    for (RequestListener l : listeners) {
      try {
        l.answered(r);
      } catch (RuntimeException e) {
        failed(l, e);
      }
    }
  }

  public void logged(ExchangeView r) {
    for (RequestListener l : listeners) {
      try {
        l.logged(r);
      } catch (RuntimeException e) {
        failed(l, e);
      }
    }
  }

  private static void failed(RequestListener l, RuntimeException e) {
    log.warn("request listener {} failed", l.getClass().getName(), e);
  }
}
