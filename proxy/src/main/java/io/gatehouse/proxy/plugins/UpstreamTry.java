package io.gatehouse.proxy.plugins;

import org.jspecify.annotations.Nullable;

/**
 * One try at the upstream as Kong's log serializer reports it ({@code tries[]}): the address the
 * balancer picked, when and how long picking took, and for a try that failed, {@code state}
 * ({@code "failed"}) and the status it produced (502, 504).
 */
public record UpstreamTry(String ip, int port, long balancerStart, long balancerLatency, @Nullable String state,
    int code) {

  /** This try, marked failed with the status the failure stands for. */
  public UpstreamTry failed(int status) {
    return new UpstreamTry(ip, port, balancerStart, balancerLatency, "failed", status);
  }
}
