package io.gatehouse.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.core.json.Json;
import io.gatehouse.proxy.balancer.Endpoint;
import io.gatehouse.proxy.testing.TestProxy;
import io.gatehouse.proxy.testing.TlsOrigin;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Active probes of {@code type = https} against a TLS origin with a self-signed certificate:
 * SNI is {@code https_sni} or the target's host name, and {@code https_verify_certificate} decides
 * whether an untrusted certificate is a TCP failure (lua-resty-healthcheck, reference §6.3).
 */
class HttpsProbeIT {
  private TestProxy proxy;
  private TlsOrigin origin;

  @BeforeEach
  void start() {
    proxy = TestProxy.start();
    origin = TlsOrigin.start("probe.gh.test");
  }

  @AfterEach
  void stop() {
    proxy.close();
    origin.close();
  }

  private Endpoint configure(String upstream, String target, String active) {
    proxy.configure(e -> {
      e.upstream(upstream, u -> u.set("healthchecks", Json.parse("""
          {"active":{"type":"https","timeout":1,%s,
                     "healthy":{"interval":0.1,"successes":1},
                     "unhealthy":{"interval":0.1,"tcp_failures":2,"timeouts":2,"http_failures":2}}}"""
          .formatted(active))));
      e.target(upstream, target, 100);
      e.service("http://" + upstream + ":80/").route("/" + upstream);
    });
    return proxy.server().balancing().find(upstream).endpoints().getFirst();
  }

  @Test
  void unverifiedProbesSendTheConfiguredSniAndKeepTheTargetHealthy() {
    Endpoint e = configure("sni", "127.0.0.1:" + origin.port(),
        "\"https_verify_certificate\":false,\"https_sni\":\"probe.gh.test\"");
    await().atMost(Duration.ofSeconds(10)).until(() -> origin.requests() >= 3);
    assertThat(origin.sniNames()).isNotEmpty().allMatch("probe.gh.test"::equals);
    assertThat(e.health().healthy()).isTrue();
  }

  @Test
  void withoutHttpsSniTheTargetHostNameIsSent() {
    configure("hostsni", "localhost:" + origin.port(), "\"https_verify_certificate\":false");
    await().atMost(Duration.ofSeconds(10)).until(() -> origin.requests() >= 2);
    assertThat(origin.sniNames()).contains("localhost").doesNotContain("probe.gh.test");
  }

  @Test
  void verificationRejectsTheSelfSignedCertificateAsATcpFailure() {
    Endpoint e = configure("verified", "127.0.0.1:" + origin.port(),
        "\"https_verify_certificate\":true,\"https_sni\":\"probe.gh.test\"");
    await().atMost(Duration.ofSeconds(10)).until(() -> !e.health().healthy());
    assertThat(origin.sniNames()).contains("probe.gh.test");
    assertThat(origin.requests()).as("no request after a refused handshake").isZero();
    assertThat(proxy.get("/verified").statusCode()).isEqualTo(503);
  }
}
