package io.gatehouse.proxy.server;

/**
 * What follows a failed upstream try: nginx's {@code proxy_next_upstream error timeout}, refined.
 * Pure: {@link #after(Facts)} reads only the facts it is given.
 */
enum RetryDecision {
  /**
   * The pooled keep-alive connection was stale (the origin closed it while idle): not the origin's
   * fault; the request is replayed on a fresh connection to the same peer, not counted as a try.
   */
  REPLAY,
  /** Another try, with the next peer from the balancer ({@code retries} not used up). */
  RETRY,
  /** The response head already went out: nothing to say to the client but closing. */
  ABORT,
  /** No more tries: answer the client with 502 (504 after a timeout). */
  GIVE_UP;

  /**
   * The facts of one failed try.
   *
   * @param timeout the try timed out (connect, read or write)
   * @param afterConnect the connection was up (the failure came after connecting)
   * @param reused the try ran on a pooled keep-alive connection
   * @param nonIdempotent POST, PATCH or LOCK
   * @param writeFailed writing the request failed (so the origin never got all of it)
   * @param requestSent the request head was written on this try
   * @param bodyStarted a body byte went upstream on some try (streamed bodies are not kept)
   * @param websocket the request is a WebSocket upgrade
   * @param responseStarted the response head went to the client
   * @param inInterim the origin was in the middle of a 1xx response
   * @param peerInFlight the try's peer is still held (its observer has not heard the end)
   * @param tries tries made so far, this one included
   * @param retries the service's {@code retries}
   */
  record Facts(boolean timeout, boolean afterConnect, boolean reused, boolean nonIdempotent, boolean writeFailed,
      boolean requestSent, boolean bodyStarted, boolean websocket, boolean responseStarted, boolean inInterim,
      boolean peerInFlight, int tries, int retries) {}

  static RetryDecision after(Facts f) {
    // a pooled connection the origin closed while idle, unless the request may have been processed
    boolean stale = f.reused() && !f.timeout() && !f.responseStarted() && !f.inInterim() && !f.bodyStarted()
        && !f.websocket() && (!f.nonIdempotent() || f.writeFailed());
    if (stale && f.peerInFlight()) return REPLAY;
    if (f.responseStarted()) return ABORT;
    // nginx's rule, refined: a non-idempotent request is retried only when no byte of it went out
    boolean replayable = !f.bodyStarted() && !(f.afterConnect() && f.requestSent() && f.nonIdempotent() && !f.writeFailed())
        && !f.websocket();
    return replayable && f.tries() <= f.retries() ? RETRY : GIVE_UP;
  }
}
