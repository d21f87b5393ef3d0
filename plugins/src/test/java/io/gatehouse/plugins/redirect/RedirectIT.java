package io.gatehouse.plugins.redirect;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.core.error.KongException;
import io.gatehouse.plugins.testing.PluginGateway;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** redirect (Kong 3.9 kong/plugins/redirect, spec/03-plugins/44-redirect). */
class RedirectIT {
  static PluginGateway gw;

  @BeforeAll
  static void start() {
    gw = new PluginGateway();
    gw.plugin("redirect", "{\"location\":\"https://example.test/new\"}", ref("route", gw.serviceAndRoute("/r1")));
    gw.plugin("redirect", "{\"location\":\"https://example.test:8443/ignored?x=1#frag\",\"status_code\":302,"
        + "\"keep_incoming_path\":true}", ref("route", gw.serviceAndRoute("/r2")));
    gw.apply();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void default_301_to_the_location_with_kongs_body() {
    HttpResponse<String> r = gw.get("/r1/some/path?q=1");
    assertThat(r.statusCode()).isEqualTo(301);
    assertThat(r.headers().firstValue("Location")).hasValue("https://example.test/new");
    assertThat(r.body()).isEqualTo("redirecting");
    assertThat(gw.upstreamRequests()).isZero();
  }

  @Test
  void keep_incoming_path_takes_the_request_path_and_query() {
    HttpResponse<String> r = gw.get("/r2/a/b?y=2&z");
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location")).hasValue("https://example.test:8443/r2/a/b?y=2&z#frag");
    assertThat(gw.get("/r2/c").headers().firstValue("Location")).hasValue("https://example.test:8443/r2/c#frag");
  }

  @Test
  void config_checks() {
    assertThatThrownBy(() -> gw.plugin("redirect", "{}", "")).isInstanceOf(KongException.class);
    assertThatThrownBy(() -> gw.plugin("redirect", "{\"location\":\"not a url\"}", "")).isInstanceOf(KongException.class);
    assertThatThrownBy(() -> gw.plugin("redirect", "{\"location\":\"http://x.test\",\"status_code\":600}", ""))
        .isInstanceOf(KongException.class);
  }
}
