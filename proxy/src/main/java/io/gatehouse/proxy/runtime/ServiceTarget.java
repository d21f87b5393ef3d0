package io.gatehouse.proxy.runtime;

import io.gatehouse.core.model.Service;
import io.gatehouse.proxy.balancer.UpstreamBalancer;
import io.gatehouse.proxy.plugins.UpstreamTarget;
import io.gatehouse.proxy.tls.UpstreamTls;
import io.gatehouse.proxy.tls.UpstreamTlsContexts;
import io.gatehouse.proxy.upstream.Origin;
import org.jspecify.annotations.Nullable;

/**
 * A service prepared for proxying.
 *
 * @param service the entity
 * @param tls whether the upstream speaks TLS ({@code https}/{@code grpcs})
 * @param hostHeader the upstream {@code Host} when {@code preserve_host} is off: host, plus
 *     {@code :port} unless it is the scheme's default (reference §5.1)
 * @param balancer the ring balancer when the host names an Upstream (Kong then ignores the port)
 * @param upstreamTls how origin connections speak TLS; null exactly when {@code tls} is false
 */
public record ServiceTarget(Service service, boolean tls, String hostHeader, @Nullable UpstreamBalancer balancer,
    @Nullable UpstreamTls upstreamTls) implements Origin {

  @Override
  public String host() {
    return service.host();
  }

  @Override
  public int port() {
    return service.port();
  }

  /**
   * This service sent to the origin a plugin chose ({@code kong.service.set_target}): no balancer, the
   * service's timeouts and retries, the service's TLS settings when it speaks https.
   */
  public ServiceTarget redirected(UpstreamTarget t) {
    Service s = service;
    Service moved = new Service(s.id(), s.name(), t.tls() ? "https" : "http", t.host(), t.port(), s.path(), s.retries(),
        s.connectTimeout(), s.writeTimeout(), s.readTimeout(), s.enabled(), s.clientCertificateId(), s.tlsVerify(),
        s.tlsVerifyDepth(), s.caCertificates(), s.tags());
    UpstreamTls originTls = !t.tls() ? null : upstreamTls != null ? upstreamTls : UpstreamTlsContexts.pluginTargetDefault();
    return of(moved, null, originTls);
  }

  static ServiceTarget of(Service s, @Nullable UpstreamBalancer balancer, @Nullable UpstreamTls upstreamTls) {
    if (s.host() == null || s.host().isBlank()) {
      throw new IllegalArgumentException("service " + s.id() + " has no host");
    }
    if (s.port() < 1 || s.port() > 65535) {
      throw new IllegalArgumentException("service " + s.id() + " has an invalid port " + s.port());
    }
    boolean tls = "https".equals(s.protocol()) || "grpcs".equals(s.protocol());
    boolean defaultPort = (tls && s.port() == 443) || (!tls && s.port() == 80);
    String host = s.host().indexOf(':') >= 0 && !s.host().startsWith("[") ? "[" + s.host() + "]" : s.host();
    if (tls && upstreamTls == null) throw new IllegalArgumentException("service " + s.id() + " has no upstream TLS");
    return new ServiceTarget(s, tls, defaultPort ? host : host + ":" + s.port(), balancer, tls ? upstreamTls : null);
  }
}
