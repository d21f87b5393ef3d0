package io.gatehouse.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.model.ConfigSnapshot;
import io.gatehouse.proxy.testing.Entities;
import io.gatehouse.proxy.tls.SelfSignedCertificates.KeyType;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SniCertificatesTest {
  static final PemKeyPair A = SelfSignedCertificates.generate("a.test", KeyType.EC, Duration.ofDays(1));
  static final PemKeyPair B = SelfSignedCertificates.generate("b.test", KeyType.EC, Duration.ofDays(1));

  /** Kong's produce_wild_snis cases: the wildcard names a server name is looked up under. */
  @ParameterizedTest
  @CsvSource(nullValues = "-", value = {
      "domain.com,         -,                 domain.*",
      "www.domain.com,     *.domain.com,      www.domain.*",
      "foo.www.domain.com, *.www.domain.com,  foo.www.domain.*",
      "localhost,          -,                 -",
      "a..b,               -,                 -",
      "a.b.,               -,                 -"})
  void wildcardCandidates(String name, String prefix, String suffix) {
    assertThat(SniCertificates.prefixWildcard(name)).isEqualTo(prefix);
    assertThat(SniCertificates.suffixWildcard(name)).isEqualTo(suffix);
  }

  @Test
  void namesAreLookedUpExactThenByWildcardThenCatchAll() {
    SniCertificates certs = SniCertificates.compile(Entities.snapshot(1, e -> e
        .certificate(A, "exact.test", "*.wild.test", "suffix.*")
        .certificate(B, "*")), SniCertificates.NONE);
    var a = certs.find("exact.test");
    var b = certs.find("unknown.test");
    assertThat(a).isNotNull().isNotSameAs(b);
    assertThat(b).as("the * SNI").isNotNull();
    assertThat(certs.find("x.wild.test")).isSameAs(a);
    assertThat(certs.find("suffix.anything")).isSameAs(a);
    assertThat(certs.find("x.y.wild.test")).isSameAs(b);
    assertThat(certs.size()).isEqualTo(4);
  }

  @Test
  void withoutACatchAllAnUnknownNameGetsNullMeaningTheDefault() {
    SniCertificates certs = SniCertificates.compile(Entities.snapshot(1, e -> e.certificate(A, "a.test")),
        SniCertificates.NONE);
    assertThat(certs.find("b.test")).isNull();
    assertThat(SniCertificates.NONE.find("a.test")).isNull();
  }

  @Test
  void snisOfAnUnusableCertificateAreLeftOutAndTheRestServed() {
    PemKeyPair mismatched = new PemKeyPair(A.certificateChain(), B.privateKey());
    SniCertificates certs = SniCertificates.compile(Entities.snapshot(1, e -> e
        .certificate(mismatched, "bad.test", "*.bad.test")
        .certificate(B, "b.test")), SniCertificates.NONE);
    assertThat(certs.find("bad.test")).isNull();
    assertThat(certs.find("x.bad.test")).isNull();
    assertThat(certs.find("b.test")).isNotNull();
  }

  @Test
  void anUnchangedCertificateKeepsItsContextAcrossVersionsAndAChangedOneIsRebuilt() {
    ConfigSnapshot v1 = Entities.snapshot(1, e -> e.certificate(A, "a.test"));
    SniCertificates first = SniCertificates.compile(v1, SniCertificates.NONE);
    SniCertificates second = SniCertificates.compile(v1, first);
    assertThat(second.find("a.test")).isSameAs(first.find("a.test"));
    // same ids, other PEM: a new context
    ConfigSnapshot v2 = ConfigSnapshot.of(2, java.util.Map.of(
        "certificates", v1.table("certificates").stream().map(c -> c.deepCopy()
            .put("cert", B.certificateChain()).put("key", B.privateKey())).toList(),
        "snis", v1.table("snis")));
    assertThat(SniCertificates.compile(v2, second).find("a.test")).isNotNull().isNotSameAs(first.find("a.test"));
  }

  @Test
  void serverNamesMatchWhateverTheCaseOfTheConfiguredSni() {
    SniCertificates certs = SniCertificates.compile(Entities.snapshot(1, e -> e.certificate(A, "Mixed.Test")),
        SniCertificates.NONE);
    assertThat(certs.find("mixed.test")).isNotNull();
  }
}
