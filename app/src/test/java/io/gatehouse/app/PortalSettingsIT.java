package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.app.settings.SettingsLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The portal settings: off serves nothing of it, and a DB-less node refuses the portal and says why. */
class PortalSettingsIT {
  @TempDir Path dir;

  @Test
  void portal_off_by_default_serves_no_portal_endpoint() throws Exception {
    try (WholeNode n = new WholeNode(dir, Map.of())) {
      assertThat(n.admin.get("/portal/products").status()).isEqualTo(404);
    }
  }

  @Test
  void a_dbless_node_refuses_the_portal() {
    var settings = new SettingsLoader(Map.of(), List.of(), dir).load(null, Map.of("prefix", dir.toString(),
        "database", "off", "portal", "on", "portal_gui_listen", "127.0.0.1:0", "portal_api_listen", "127.0.0.1:0",
        "admin_listen", "127.0.0.1:0", "proxy_listen", "127.0.0.1:0", "status_listen", "off"));
    assertThatThrownBy(() -> Node.start(settings).close())
        .hasMessageContaining("portal = on needs a database");
  }
}
