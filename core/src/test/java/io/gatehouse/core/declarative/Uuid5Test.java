package io.gatehouse.core.declarative;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Known answers from outside this code: RFC 9562 Appendix A.4 and Python's {@code uuid} docs for
 * plain version-5 UUIDs, and the ids decK's library (go-kong's {@code FillID} tests) derives for
 * named entities in Kong's namespace, which Kong's declarative loader derives the same way.
 */
class Uuid5Test {
  private static final UUID NAMESPACE_DNS = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

  @ParameterizedTest(name = "v5(DNS, {0}) = {1}")
  @CsvSource({
      "www.example.com, 2ed6657d-e927-568b-95e1-2665a8aea6a2", // RFC 9562 A.4
      "python.org, 886313e1-3b8a-5372-9b90-0c9aee199e5d", // Python uuid docs
  })
  void rfcVectors(String name, String expected) {
    UUID id = Uuid5.of(NAMESPACE_DNS, name);
    assertThat(id).isEqualTo(UUID.fromString(expected));
    assertThat(id.version()).isEqualTo(5);
    assertThat(id.variant()).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0} {1} = {2}")
  @CsvSource({
      "services, some.service.name, d9bee1f8-db6e-5a37-9281-fd4aca16dc00",
      "routes, some.service.name, 7f0753cd-bff2-5f74-85b0-e8e2057d9500",
      "consumers, some.username, 782780c4-d345-5682-bdf6-722dccaf93e0",
  })
  void kongEntityIdsAsDecKDerivesThem(String table, String key, String expected) {
    assertThat(Uuid5.forEntity(table, key)).isEqualTo(expected);
  }
}
