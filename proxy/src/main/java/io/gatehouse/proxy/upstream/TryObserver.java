package io.gatehouse.proxy.upstream;

/**
 * Told how one try against a peer went: feeds passive health checks, connection counts
 * (least-connections) and latency (peak EWMA). Exactly one of {@link #responded} or {@link #failed}
 * may be called, and {@link #ended} exactly once, all on the request's event loop.
 */
public interface TryObserver {
  TryObserver NONE = new TryObserver() {
    @Override
    public void responded(int status, long latencyNanos) {}

    @Override
    public void failed(boolean timeout) {}

    @Override
    public void ended() {}
  };

  /** The origin sent a response head after {@code latencyNanos} (connect included). */
  void responded(int status, long latencyNanos);

  /** The try failed before a response head: a timeout, or a connection error of any kind. */
  void failed(boolean timeout);

  /** The try is over (response complete, aborted, or failed); releases its connection count. */
  void ended();
}
