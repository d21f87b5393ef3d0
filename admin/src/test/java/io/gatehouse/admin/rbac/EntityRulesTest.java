package io.gatehouse.admin.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.store.rbac.Action;
import io.gatehouse.store.rbac.EntityPermission;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntityRulesTest {
  private static EntityPermission rule(String id, Action a, boolean negative) {
    return new EntityPermission("r", id, "services", a.bit(), negative, null, 0, 0);
  }

  @Test
  void the_entity_own_rules_come_before_the_wildcard_and_negative_wins_at_a_level() {
    assertThat(EntityRules.allows(List.of(), "e1", Action.READ)).isFalse();
    assertThat(EntityRules.allows(List.of(rule("*", Action.READ, false)), "e1", Action.READ)).isTrue();
    assertThat(EntityRules.allows(List.of(rule("*", Action.READ, false)), "e1", Action.DELETE)).isFalse();
    assertThat(EntityRules.allows(List.of(rule("*", Action.READ, false), rule("e1", Action.READ, true)), "e1", Action.READ)).isFalse();
    assertThat(EntityRules.allows(List.of(rule("*", Action.READ, true), rule("e1", Action.READ, false)), "e1", Action.READ)).isTrue();
    assertThat(EntityRules.allows(List.of(rule("e1", Action.READ, false), rule("e1", Action.READ, true)), "e1", Action.READ)).isFalse();
    assertThat(EntityRules.allows(List.of(rule("e1", Action.UPDATE, true), rule("*", Action.READ, false)), "e1", Action.READ)).isTrue();
  }
}
