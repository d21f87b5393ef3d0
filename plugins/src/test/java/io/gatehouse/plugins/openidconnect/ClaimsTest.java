package io.gatehouse.plugins.openidconnect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Claim paths and Kong's any-entry/every-word rule for {@code *_required}. */
class ClaimsTest {
  final Map<String, Object> claims = Map.of("scope", "read write", "aud", "api",
      "realm_access", Map.of("roles", List.of("admin", "ops")), "n", 7);

  @Test
  void values_come_from_strings_arrays_and_nested_paths() {
    assertThat(Claims.values(claims, List.of("scope"))).containsExactly("read", "write");
    assertThat(Claims.values(claims, List.of("aud"))).containsExactly("api");
    assertThat(Claims.values(claims, List.of("realm_access", "roles"))).containsExactly("admin", "ops");
    assertThat(Claims.values(claims, List.of("n"))).containsExactly("7");
    assertThat(Claims.values(claims, List.of("realm_access", "missing"))).isEmpty();
    assertThat(Claims.values(claims, List.of("scope", "deeper"))).isEmpty();
  }

  @Test
  void required_is_any_entry_with_all_its_words() {
    List<String> scope = List.of("scope");
    assertThat(Claims.satisfies(claims, scope, null)).isTrue();
    assertThat(Claims.satisfies(claims, scope, List.of())).isTrue();
    assertThat(Claims.satisfies(claims, scope, List.of("read write"))).isTrue();
    assertThat(Claims.satisfies(claims, scope, List.of("read admin"))).isFalse();
    assertThat(Claims.satisfies(claims, scope, List.of("read admin", "write"))).isTrue();
    assertThat(Claims.satisfies(claims, List.of("realm_access", "roles"), List.of("ops"))).isTrue();
  }

  @Test
  void header_values_join_arrays_and_encode_objects() {
    assertThat(Claims.headerValue(List.of("a", "b"))).isEqualTo("a, b");
    assertThat(Claims.headerValue("x")).isEqualTo("x");
    assertThat(Claims.headerValue(Map.of("k", "v"))).isEqualTo("{\"k\":\"v\"}");
    assertThat(Claims.headerValue(null)).isNull();
  }
}
