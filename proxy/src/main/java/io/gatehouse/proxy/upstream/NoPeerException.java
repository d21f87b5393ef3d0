package io.gatehouse.proxy.upstream;

/** The balancer has no available target (Kong: 503 {@code failure to get a peer from the ring-balancer}). */
public final class NoPeerException extends Exception {
  public NoPeerException(String detail) {
    super(detail, null, false, false);
  }
}
