package io.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.core.json.Json;
import io.gatehouse.proxy.testing.EchoUpstream;
import io.gatehouse.proxy.testing.TestDnsServer;
import io.gatehouse.proxy.testing.TestDnsServer.Rec;
import io.gatehouse.proxy.testing.TestProxy;
import io.gatehouse.proxy.upstream.DnsServers;
import io.netty.handler.codec.dns.DnsRecordType;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Named targets resolved through a real DNS server on loopback ({@code dns_resolver}): SRV answers
 * with their weight and port, A records re-resolved when their TTL expires, TTL-0 names resolved
 * per request (reference §6.1, Kong's {@code targets.lua}).
 */
class BalancerDnsIT {
  private TestDnsServer dns;
  private TestProxy proxy;
  private final List<EchoUpstream> origins = new ArrayList<>();

  @BeforeEach
  void start() {
    dns = TestDnsServer.start();
    proxy = TestProxy.start(o -> o.dnsResolver(new DnsServers(List.of(dns.address()))));
  }

  @AfterEach
  void stop() {
    proxy.close();
    origins.forEach(EchoUpstream::close);
    dns.close();
  }

  private EchoUpstream origin() {
    return track(EchoUpstream.start());
  }

  private EchoUpstream track(EchoUpstream e) {
    origins.add(e);
    return e;
  }

  private void upstream(String name, boolean useSrvName, String target) {
    proxy.configure(e -> {
      e.upstream(name, u -> u.put("use_srv_name", useSrvName));
      e.target(name, target, 100);
      e.service("http://" + name + ":80/").route("/" + name);
    });
  }

  private static int port(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.parse(r.body()).get("port").asInt();
  }

  private static String host(HttpResponse<String> r) {
    return Json.parse(r.body()).get("headers").get("host").asText();
  }

  @Test
  void srvAnswersAreBalancedWithTheirWeightsAndPortsBestPriorityOnly() {
    EchoUpstream a = origin();
    EchoUpstream b = origin();
    EchoUpstream spare = origin();
    dns.set("svc.gh.test", DnsRecordType.SRV, Rec.srv(10, 10, a.port(), "a.gh.test", 300),
        Rec.srv(10, 30, b.port(), "b.gh.test", 300), Rec.srv(20, 100, spare.port(), "a.gh.test", 300));
    dns.set("a.gh.test", DnsRecordType.A, Rec.a("127.0.0.1", 300));
    dns.set("b.gh.test", DnsRecordType.A, Rec.a("127.0.0.1", 300));
    upstream("srv", false, "svc.gh.test:9");
    for (int i = 0; i < 400; i++) port(proxy.get("/srv"));
    // a full number of weighted round-robin cycles: exactly 1:3, the target port (9) never used
    assertThat(a.requests()).isEqualTo(100);
    assertThat(b.requests()).isEqualTo(300);
    assertThat(spare.requests()).as("priority 20 is a backup Kong does not use").isZero();
    assertThat(host(proxy.get("/srv"))).startsWith("svc.gh.test:");
  }

  @Test
  void useSrvNameSendsTheSrvTargetAsHost() {
    EchoUpstream a = origin();
    dns.set("named.gh.test", DnsRecordType.SRV, Rec.srv(1, 0, a.port(), "a.gh.test", 300));
    dns.set("a.gh.test", DnsRecordType.A, Rec.a("127.0.0.1", 300));
    upstream("srvname", true, "named.gh.test:9");
    HttpResponse<String> r = proxy.get("/srvname");
    assertThat(port(r)).isEqualTo(a.port());
    assertThat(host(r)).isEqualTo("a.gh.test:" + a.port());
  }

  @Test
  void anARecordIsResolvedAgainWhenItsTtlExpires() {
    EchoUpstream one = origin();
    EchoUpstream two = track(EchoUpstream.start("127.0.0.2", one.port()));
    dns.set("ttl.gh.test", DnsRecordType.A, Rec.a("127.0.0.1", 1));
    upstream("ttl", false, "ttl.gh.test:" + one.port());
    for (int i = 0; i < 5; i++) port(proxy.get("/ttl"));
    assertThat(one.requests()).isEqualTo(5);
    int before = dns.queries("ttl.gh.test", DnsRecordType.A);
    dns.set("ttl.gh.test", DnsRecordType.A, Rec.a("127.0.0.2", 1));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      port(proxy.get("/ttl"));
      assertThat(two.requests()).isPositive();
    });
    assertThat(dns.queries("ttl.gh.test", DnsRecordType.A)).isGreaterThan(before);
    int oneNow = one.requests();
    for (int i = 0; i < 5; i++) port(proxy.get("/ttl"));
    assertThat(one.requests()).as("the old address gets nothing more").isEqualTo(oneNow);
  }

  @Test
  void aTtlZeroNameIsResolvedOnEveryRequest() {
    EchoUpstream one = origin();
    EchoUpstream two = track(EchoUpstream.start("127.0.0.2", one.port()));
    dns.set("zero.gh.test", DnsRecordType.A, Rec.a("127.0.0.1", 0));
    upstream("zero", false, "zero.gh.test:" + one.port());
    int before = dns.queries("zero.gh.test", DnsRecordType.A);
    for (int i = 0; i < 5; i++) assertThat(port(proxy.get("/zero"))).isEqualTo(one.port());
    assertThat(dns.queries("zero.gh.test", DnsRecordType.A) - before).isGreaterThanOrEqualTo(5);
    dns.set("zero.gh.test", DnsRecordType.A, Rec.a("127.0.0.2", 0));
    // no TTL to wait for: the very next request asks again
    port(proxy.get("/zero"));
    assertThat(two.requests()).isEqualTo(1);
    assertThat(one.requests()).isEqualTo(5);
  }

  @Test
  void anUnknownNameIsADnsErrorAndA503() {
    upstream("nxdomain", false, "missing.gh.test:80");
    HttpResponse<String> r = proxy.get("/nxdomain");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(proxy.server().balancing().find("nxdomain").answer("missing.gh.test").error()).isNotNull();
  }
}
