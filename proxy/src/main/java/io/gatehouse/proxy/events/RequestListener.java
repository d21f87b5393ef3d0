package io.gatehouse.proxy.events;

/**
 * Hears the points of one request's way through the proxy, on the request's event loop: never
 * block, and copy what you keep (the views are live and reused). Every method has a no-op
 * default, so a listener implements only what it needs. A listener's exception is logged and
 * ignored; the request goes on.
 *
 * <p>Order for one request: {@code accepted}, then {@code routed} when a route matched, then one
 * {@code upstreamTry} per try, then {@code answered} once the response is out (or the client is
 * gone), then {@code logged} after the plugins' log phase. A request answered locally (404, a
 * plugin's exit, a 502 after the last try) gets {@code answered} and {@code logged} all the same.
 */
public interface RequestListener {
  /** The request head was read and the request begins. */
  default void accepted(ExchangeView request) {}

  /** A route matched ({@link ExchangeView#routeId()} is set; the service may still be null). */
  default void routed(ExchangeView request) {}

  /** One try against an upstream ended: it got a response head, or it failed ({@link TryView#failure()}). */
  default void upstreamTry(ExchangeView request, TryView upstreamTry) {}

  /** The response is complete ({@link ExchangeView#status()}), or the exchange ended without one. */
  default void answered(ExchangeView request) {}

  /** The plugins' log phase ran; the exchange is over. */
  default void logged(ExchangeView request) {}
}
