package io.gatehouse.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.model.ConfigSnapshot;
import io.gatehouse.proxy.testing.Entities;
import io.gatehouse.proxy.testing.TestPki;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Compiling upstream TLS: shared and reused contexts (they are the pool's TLS identity), unusable settings. */
class UpstreamTlsContextsTest {
  private static final TestPki.Authority CA = TestPki.root("Contexts Test CA");
  private static final TestPki.Authority OTHER_CA = TestPki.root("Contexts Test Other CA");
  private final String caId = UUID.randomUUID().toString();

  private ConfigSnapshot snapshot(String caPem, String serviceA, String serviceB) {
    ObjectNode ca = Json.object().put("id", caId).put("cert", caPem);
    return Entities.snapshot(1, e -> e.rows("ca_certificates", ca)
        .service("https://a.test/", s -> verified(s.put("id", serviceA)))
        .service("https://b.test/", s -> verified(s.put("id", serviceB)))
        .service("https://plain-default.test/", s -> s.put("id", "default"))
        .service("http://not-tls.test/", s -> s.put("id", "http")));
  }

  private void verified(ObjectNode s) {
    s.put("tls_verify", true);
    s.set("ca_certificates", Entities.strings(caId));
  }

  @Test
  void equalSettingsShareOneContextAndKeepItAcrossVersions() {
    UpstreamTlsContexts first = UpstreamTlsContexts.compile(snapshot(CA.certificatePem(), "a", "b"),
        UpstreamTlsContexts.NONE, UpstreamTlsContexts.Defaults.KONG);
    assertThat(first.forService("a")).isNotNull().isSameAs(first.forService("b"));
    assertThat(first.forService("a").problem()).isNull();
    assertThat(first.forService("default")).isNotNull().isNotSameAs(first.forService("a"));
    assertThat(first.forService("http")).isNull();

    UpstreamTlsContexts same = UpstreamTlsContexts.compile(snapshot(CA.certificatePem(), "a", "b"), first,
        UpstreamTlsContexts.Defaults.KONG);
    assertThat(same.forService("a")).isSameAs(first.forService("a"));
    assertThat(same.forService("default")).isSameAs(first.forService("default"));

    UpstreamTlsContexts changed = UpstreamTlsContexts.compile(snapshot(OTHER_CA.certificatePem(), "a", "b"), first,
        UpstreamTlsContexts.Defaults.KONG);
    assertThat(changed.forService("a")).isNotSameAs(first.forService("a"));
    assertThat(changed.forService("default")).isSameAs(first.forService("default"));
  }

  @Test
  void unusableSettingsAreMarkedNotThrown() {
    ConfigSnapshot s = Entities.snapshot(1, e -> e
        .service("https://a.test/", x -> {
          x.put("id", "missing-ca");
          x.put("tls_verify", true);
          x.set("ca_certificates", Entities.strings(UUID.randomUUID().toString()));
        })
        .rows("ca_certificates", Json.object().put("id", caId).put("cert", "not a certificate"))
        .service("https://b.test/", x -> {
          x.put("id", "bad-ca");
          verified(x);
        })
        .service("https://c.test/", x -> x.put("id", "fine")));
    UpstreamTlsContexts c = UpstreamTlsContexts.compile(s, UpstreamTlsContexts.NONE, UpstreamTlsContexts.Defaults.KONG);
    assertThat(c.forService("missing-ca").problem()).contains("does not exist");
    assertThat(c.forService("bad-ca").problem()).isNotNull();
    assertThat(c.forService("fine").problem()).isNull();
  }
}
