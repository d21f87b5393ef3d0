package io.gatehouse.admin.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code audit_log_ignore_methods} and {@code audit_log_ignore_paths}. */
class AuditRulesTest {
  @Test
  void methods_are_ignored_in_any_case() {
    AuditRules rules = AuditRules.of(List.of("patch", " Delete "), List.of());
    assertThat(rules.ignores("PATCH", "/services/a")).isTrue();
    assertThat(rules.ignores("DELETE", "/services/a")).isTrue();
    assertThat(rules.ignores("POST", "/services")).isFalse();
  }

  @Test
  void a_path_pattern_is_searched_anywhere_unless_anchored() {
    AuditRules rules = AuditRules.of(List.of(), List.of("/consumers", "^/rbac/users$"));
    assertThat(rules.ignores("POST", "/consumers")).isTrue();
    assertThat(rules.ignores("POST", "/consumers/bob/key-auth")).isTrue();
    assertThat(rules.ignores("POST", "/ws1/consumers")).isTrue(); // found inside, as ngx.re.find
    assertThat(rules.ignores("POST", "/rbac/users")).isTrue();
    assertThat(rules.ignores("POST", "/rbac/users/bob")).isFalse();
    assertThat(rules.ignores("POST", "/services")).isFalse();
  }

  @Test
  void nothing_is_ignored_by_default() {
    assertThat(AuditRules.NONE.ignores("POST", "/consumers")).isFalse();
    assertThat(AuditRules.of(List.of(" "), List.of("")).ignores("POST", "/x")).isFalse();
  }

  @Test
  void a_pattern_that_does_not_compile_is_refused_with_the_setting_named() {
    assertThatThrownBy(() -> AuditRules.of(List.of(), List.of("/services/(")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("audit_log_ignore_paths")
        .hasMessageContaining("/services/(");
  }
}
