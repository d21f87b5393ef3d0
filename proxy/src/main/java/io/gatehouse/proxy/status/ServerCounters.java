package io.gatehouse.proxy.status;

/**
 * nginx's stub-status figures of the proxy's client connections, which Kong reports as the
 * {@code server} block of {@code GET /status}. Gauges ({@code active}, {@code reading},
 * {@code writing}, {@code waiting}) are the state now; the rest count since start.
 *
 * @param accepted connections accepted
 * @param handled connections handled (every accepted one: there is no connection limit to refuse at)
 * @param active connections open now: {@code reading + writing + waiting}
 * @param reading connections reading a request head now
 * @param writing connections with a request in progress (body, upstream, response) now
 * @param waiting idle keep-alive connections now
 * @param totalRequests requests read
 */
public record ServerCounters(long accepted, long handled, long active, long reading, long writing, long waiting,
    long totalRequests) {
  /** All zero: a node without a proxy. */
  public static final ServerCounters ZERO = new ServerCounters(0, 0, 0, 0, 0, 0, 0);
}
