package io.gatehouse.proxy.events;

import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of one proxy, compiled once into one array per event point, each holding only the
 * listeners that override that point: a call log hearing only {@code logged} costs the other four
 * points an empty loop, not a call each. The request path tests {@link #on} before each event
 * point, so no listener costs one field read and nothing else.
 */
public final class RequestEvents {
  private static final Logger log = LoggerFactory.getLogger(RequestEvents.class);
  /** No listener: every event point is skipped. */
  public static final RequestEvents NONE = new RequestEvents(new RequestListener[0]);

  /** Whether any listener is registered. */
  public final boolean on;
  private final RequestListener[] accepted;
  private final RequestListener[] routed;
  private final RequestListener[] tries;
  private final RequestListener[] answered;
  private final RequestListener[] logged;

  private RequestEvents(RequestListener[] listeners) {
    this.on = listeners.length > 0;
    this.accepted = hearing(listeners, "accepted", ExchangeView.class);
    this.routed = hearing(listeners, "routed", ExchangeView.class);
    this.tries = hearing(listeners, "upstreamTry", ExchangeView.class, TryView.class);
    this.answered = hearing(listeners, "answered", ExchangeView.class);
    this.logged = hearing(listeners, "logged", ExchangeView.class);
  }

  public static RequestEvents of(List<RequestListener> listeners) {
    return listeners.isEmpty() ? NONE : new RequestEvents(listeners.toArray(new RequestListener[0]));
  }

  /** The listeners whose class overrides the event point's no-op default. */
  private static RequestListener[] hearing(RequestListener[] listeners, String point, Class<?>... parameters) {
    return Arrays.stream(listeners).filter(l -> overrides(l, point, parameters)).toArray(RequestListener[]::new);
  }

  private static boolean overrides(RequestListener l, String point, Class<?>... parameters) {
    try {
      return l.getClass().getMethod(point, parameters).getDeclaringClass() != RequestListener.class;
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("RequestListener." + point + " is gone", e);
    }
  }

  public void accepted(ExchangeView r) {
    for (RequestListener l : accepted) {
      try {
        l.accepted(r);
      } catch (RuntimeException e) {
        failed(l, e);
      }
    }
  }

  public void routed(ExchangeView r) {
    for (RequestListener l : routed) {
      try {
        l.routed(r);
      } catch (RuntimeException e) {
        failed(l, e);
      }
    }
  }

  public void upstreamTry(ExchangeView r, TryView t) {
    for (RequestListener l : tries) {
      try {
        l.upstreamTry(r, t);
      } catch (RuntimeException e) {
        failed(l, e);
      }
    }
  }

  public void answered(ExchangeView r) {
    for (RequestListener l : answered) {
      try {
        l.answered(r);
      } catch (RuntimeException e) {
        failed(l, e);
      }
    }
  }

  public void logged(ExchangeView r) {
    for (RequestListener l : logged) {
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
