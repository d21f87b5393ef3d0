package io.gatehouse.admin.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.store.rbac.Action;
import io.gatehouse.store.rbac.EndpointPermission;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Kong Enterprise's endpoint precedence, one case a row. */
class EndpointRulesTest {
  /** {@code ws endpoint actions [!]} per rule, ';' between rules; '!' marks a negative rule. */
  private static List<EndpointPermission> rules(String spec) {
    List<EndpointPermission> out = new ArrayList<>();
    for (String rule : spec.split(";")) {
      String[] p = rule.trim().split("\\s+");
      int bits = 0;
      for (String a : p[2].split(",")) {
        bits |= Action.named(a).bit();
      }
      out.add(new EndpointPermission("r", p[0], p[1], bits, p.length > 3 && p[3].equals("!"), null, 0, 0));
    }
    return out;
  }

  @ParameterizedTest(name = "{0} | {1} {2} -> {3}")
  @CsvSource(delimiter = '|', value = {
      "default /services read                               | /services         | READ   | true",
      "default /services read                               | /services         | CREATE | false",
      "default /services read                               | /routes           | READ   | false",
      "default /services/* read                             | /services/a       | READ   | true",
      "default /services/* read                             | /services/a/routes| READ   | false",
      "default /services/* read                             | /services         | READ   | false",
      "default /services/*/routes read                      | /services/a/routes| READ   | true",
      "* * read                                             | /anything/at/all  | READ   | true",
      "other * read                                         | /services         | READ   | false",
      "* * read,create,update,delete; * /rbac/* read,create,update,delete !     | /rbac/users  | READ   | false",
      "* * read,create,update,delete; * /rbac/* read,create,update,delete !     | /services    | DELETE | true",
      "default * read; default /services read !              | /services         | READ   | false",
      "default /services read; default /services read !      | /services         | READ   | false",
      "default /services read !; * /services read           | /services         | READ   | false",
      "default /services read; * /services read !           | /services         | READ   | true",
      "default * read; * /services read !                   | /services         | READ   | true",
      "default /services/* read !; default * read           | /services/a       | READ   | false",
      "default /services read !; default /services/* read   | /services/a       | READ   | true",
  })
  void decides(String spec, String path, Action action, boolean allowed) {
    assertThat(EndpointRules.allows(rules(spec), "default", path, action)).isEqualTo(allowed);
  }
}
