package io.gatehouse.plugins.acl;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static io.gatehouse.plugins.testing.PluginGateway.upstreamHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.PluginGateway;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** acl behind key-auth (reference plugins §7, spec/03-plugins/18-acl). */
class AclIT {
  static PluginGateway gw;

  @BeforeAll
  static void start() {
    gw = new PluginGateway();
    key(gw.consumer("admin-user"), "admin-key", "admin");
    key(gw.consumer("pro-user"), "pro-key", "pro", "hello");
    key(gw.consumer("no-groups"), "plain-key");
    ObjectNode anon = gw.consumer("anon");
    gw.insert("acls", "{\"group\":\"anonymous\"," + ref("consumer", anon) + "}");
    gw.consumer("anon-nogroups");
    guarded("/allow", "{}", "{\"allow\":[\"admin\"]}");
    guarded("/deny", "{}", "{\"deny\":[\"admin\"]}");
    guarded("/multi", "{}", "{\"allow\":[\"nope\",\"hello\"]}");
    guarded("/hidden", "{}", "{\"allow\":[\"admin\"],\"hide_groups_header\":true}");
    guarded("/anon", "{\"anonymous\":\"anon\"}", "{\"allow\":[\"anonymous\"]}");
    guarded("/anon-nogroups", "{\"anonymous\":\"anon-nogroups\"}", "{\"allow\":[\"anonymous\"]}");
    gw.plugin("acl", "{\"allow\":[\"admin\"]}", ref("route", gw.serviceAndRoute("/no-auth")));
    gw.apply();
  }

  private static void key(ObjectNode consumer, String key, String... groups) {
    gw.insert("keyauth_credentials", "{\"key\":\"" + key + "\"," + ref("consumer", consumer) + "}");
    for (String g : groups) {
      gw.insert("acls", "{\"group\":\"" + g + "\"," + ref("consumer", consumer) + "}");
    }
  }

  private static void guarded(String path, String keyAuth, String acl) {
    ObjectNode route = gw.serviceAndRoute(path);
    gw.plugin("key-auth", keyAuth, ref("route", route));
    gw.plugin("acl", acl, ref("route", route));
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static void blocked(HttpResponse<String> r) {
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(Json.parse(r.body()).get("message").asText()).isEqualTo("You cannot consume this service");
  }

  @Test
  void allow_list() {
    HttpResponse<String> ok = gw.get("/allow?apikey=admin-key");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(upstreamHeaders(ok).get("x-consumer-groups").asText()).isEqualTo("admin");
    assertThat(upstreamHeaders(ok).has("x-authenticated-groups")).isFalse();
    blocked(gw.get("/allow?apikey=pro-key"));
    blocked(gw.get("/allow?apikey=plain-key")); // a credential but no groups
  }

  @Test
  void deny_list() {
    blocked(gw.get("/deny?apikey=admin-key"));
    assertThat(gw.get("/deny?apikey=pro-key").statusCode()).isEqualTo(200);
    assertThat(gw.get("/deny?apikey=plain-key").statusCode()).isEqualTo(200); // nothing to deny
  }

  @Test
  void any_listed_group_matches_and_the_header_lists_all_groups() {
    HttpResponse<String> r = gw.get("/multi?apikey=pro-key");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(upstreamHeaders(r).get("x-consumer-groups").asText()).isIn("pro, hello", "hello, pro");
  }

  @Test
  void hidden_groups_header() {
    HttpResponse<String> r = gw.get("/hidden?apikey=admin-key", "X-Consumer-Groups", "spoofed");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(upstreamHeaders(r).has("x-consumer-groups")).isFalse();
  }

  @Test
  void anonymous_consumers_use_their_own_groups() {
    HttpResponse<String> r = gw.get("/anon");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(upstreamHeaders(r).get("x-consumer-groups").asText()).isEqualTo("anonymous");
    HttpResponse<String> none = gw.get("/anon-nogroups");
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(Json.parse(none.body()).get("message").asText()).isEqualTo("Unauthorized");
  }

  @Test
  void without_an_auth_plugin_the_answer_is_401() {
    HttpResponse<String> r = gw.get("/no-auth");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(Json.parse(r.body()).get("message").asText()).isEqualTo("Unauthorized");
  }

  @Test
  void exactly_one_of_allow_and_deny() {
    assertThatThrownBy(() -> gw.plugin("acl", "{}", "")).isInstanceOf(KongException.class);
    assertThatThrownBy(() -> gw.plugin("acl", "{\"allow\":[\"a\"],\"deny\":[\"b\"]}", ""))
        .isInstanceOf(KongException.class);
  }
}
