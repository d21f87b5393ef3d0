package io.gatehouse.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTableTest {
  private static final Handler OK = (req, p) -> AdminResponse.empty(204);

  @Test
  void a_rest_capture_takes_one_or_more_segments_and_literals_still_win() {
    RouteTable t = new RouteTable()
        .add("/rbac/roles/{rbac_roles}/endpoints", "GET", OK)
        .add("/rbac/roles/{rbac_roles}/endpoints/{workspace}/{endpoint*}", "GET", OK)
        .add("/services/{services}", "GET", OK)
        .add("/plugins/enabled", "GET", OK)
        .add("/plugins/{plugins}", "GET", OK);
    RouteTable.Match deep = t.match("/rbac/roles/ops/endpoints/default/services/*/routes");
    assertThat(deep.template()).isEqualTo("/rbac/roles/{rbac_roles}/endpoints/{workspace}/{endpoint*}");
    assertThat(deep.params()).isEqualTo(Map.of("rbac_roles", "ops", "workspace", "default", "endpoint", "services/*/routes"));
    assertThat(t.match("/rbac/roles/ops/endpoints/*/*").params()).containsEntry("endpoint", "*");
    assertThat(t.match("/rbac/roles/ops/endpoints").template()).isEqualTo("/rbac/roles/{rbac_roles}/endpoints");
    assertThat(t.match("/rbac/roles/ops/endpoints/default")).isNull();
    assertThat(t.match("/services/a/b")).isNull();
    assertThat(t.match("/plugins/enabled").template()).isEqualTo("/plugins/enabled");
  }
}
