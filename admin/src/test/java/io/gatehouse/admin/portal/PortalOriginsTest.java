package io.gatehouse.admin.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.admin.http.BrowserGuard;
import io.gatehouse.admin.http.WorkspaceRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kong Enterprise's {@code build_ws_portal_cors_origins}, plus the listeners' own origins (Gatehouse's). */
class PortalOriginsTest {
  private static final List<String> LISTENERS = List.of("http://127.0.0.1:8003", "http://[::1]:8003");

  private static PortalOrigins origins(List<String> node, String gui, Map<String, List<String>> byWorkspace) {
    return new PortalOrigins(node, gui, () -> LISTENERS, id -> byWorkspace.getOrDefault(id, List.of()));
  }

  @Test
  void a_workspace_list_wins_over_the_node_list_which_wins_over_the_gui_origin() {
    PortalOrigins o = origins(List.of("https://a.example"), "http://portal.test", Map.of("ws", List.of("https://ws.example")));
    assertThat(o.configured("ws")).containsExactly("https://ws.example");
    assertThat(o.configured("other")).containsExactly("https://a.example");
    assertThat(origins(List.of(), "http://portal.test", Map.of()).configured("other")).containsExactly("http://portal.test");
    assertThat(origins(List.of(), "", Map.of()).configured("other")).isEmpty();
  }

  @Test
  void cors_entries_put_the_configured_origins_first_and_escape_literal_brackets() {
    PortalOrigins o = origins(List.of(), "http://portal.test", Map.of("ws", List.of("https://.*\\.example\\.com")));
    assertThat(o.forCors("default")).containsExactly("http://portal.test", "http://127.0.0.1:8003", "http://\\[::1\\]:8003");
    // a configured entry is a cors origin as written (here a regex)
    assertThat(o.forCors("ws")).containsExactly("https://.*\\.example\\.com", "http://127.0.0.1:8003", "http://\\[::1\\]:8003");
    assertThat(origins(List.of("*"), "", Map.of()).forCors("default")).containsExactly("*");
  }

  @Test
  void the_developers_api_grants_the_workspaces_plain_origins_but_not_a_star_or_a_regex() {
    PortalOrigins o = origins(List.of("*", "https://.*\\.example\\.com", "https://docs.example"), "", Map.of());
    BrowserGuard guard = BrowserGuard.forListener("127.0.0.1", LISTENERS, List.of())
        .withWorkspaceOrigins(ws -> o.configured(ws.id()));
    WorkspaceRef ws = WorkspaceRef.DEFAULT;
    assertThat(guard.corsHeaders("GET", Map.of("origin", "https://docs.example"), ws))
        .containsEntry("Access-Control-Allow-Origin", "https://docs.example");
    assertThat(guard.corsHeaders("GET", Map.of("origin", "https://evil.example"), ws).get("Access-Control-Allow-Origin"))
        .isNotEqualTo("https://evil.example");
    assertThat(guard.corsHeaders("GET", Map.of(), ws)).containsEntry("Access-Control-Allow-Origin", "https://docs.example");
    assertThat(guard.refusal("POST", Map.of("host", "127.0.0.1:8004", "origin", "https://docs.example"), ws)).isNull();
    assertThat(guard.refusal("POST", Map.of("host", "127.0.0.1:8004", "origin", "https://x.example.com"), ws)).isNotNull();
    // the listener's own origins stay granted
    assertThat(guard.refusal("POST", Map.of("host", "127.0.0.1:8004", "origin", "http://127.0.0.1:8003"), ws)).isNull();
  }

  @Test
  void a_loopback_listener_answers_to_the_public_names_it_is_given() {
    BrowserGuard plain = BrowserGuard.forListener("127.0.0.1");
    assertThat(plain.refusal("GET", Map.of("host", "portal.test:8003"))).isNotNull();
    BrowserGuard named = plain.withHosts(List.of("portal.test"));
    assertThat(named.refusal("GET", Map.of("host", "portal.test:8003"))).isNull();
    assertThat(named.refusal("GET", Map.of("host", "evil.example:8003"))).isNotNull();
    // a public listener keeps answering to any Host
    assertThat(BrowserGuard.forListener("0.0.0.0").withHosts(List.of("portal.test")).hostCheck())
        .isEqualTo(BrowserGuard.HostCheck.ANY);
  }
}
