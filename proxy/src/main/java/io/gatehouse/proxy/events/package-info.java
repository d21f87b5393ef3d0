/**
 * The request path's one event seam: a {@link io.gatehouse.proxy.events.RequestListener} hears a
 * request accepted, routed, each upstream try, answered and logged — what metrics, tracing, call
 * logs and analytics subscribe to. Listeners are given once, in
 * {@link io.gatehouse.proxy.ProxyOptions.Builder#requestListener}, and compiled into one
 * {@link io.gatehouse.proxy.events.RequestEvents}; with none, the proxy checks one final boolean
 * per event point and allocates nothing. Events carry no event objects: the listener reads the
 * facts from {@link io.gatehouse.proxy.events.ExchangeView} and
 * {@link io.gatehouse.proxy.events.TryView}, live views of the exchange, valid only during the call.
 */
@NullMarked
package io.gatehouse.proxy.events;

import org.jspecify.annotations.NullMarked;
