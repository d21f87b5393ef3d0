package io.gatehouse.plugins.ratelimiting;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.PluginGateway;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * rate-limiting with the local policy (reference plugins §13, spec/03-plugins/23-rate-limiting),
 * on an injected clock that starts 10 s into a UTC minute.
 */
class RateLimitingIT {
  static final long T0 = Instant.parse("2025-03-14T15:09:10Z").toEpochMilli();
  static final AtomicLong clock = new AtomicLong(T0);
  static PluginGateway gw;

  @BeforeAll
  static void start() {
    gw = new PluginGateway(LoadedPlugins.of(new RateLimitingPlugin(clock::get)));
    gw.plugin("rate-limiting", "{\"minute\":6}", ref("route", gw.serviceAndRoute("/minute6")));
    gw.plugin("rate-limiting", "{\"minute\":6,\"hour\":99999}", ref("route", gw.serviceAndRoute("/two")));
    gw.plugin("rate-limiting", "{\"second\":1}", ref("route", gw.serviceAndRoute("/second")));
    gw.plugin("rate-limiting", "{\"minute\":2,\"error_code\":404,\"error_message\":\"Fake Not Found\"}",
        ref("route", gw.serviceAndRoute("/custom")));
    gw.plugin("rate-limiting", "{\"minute\":1,\"hide_client_headers\":true}", ref("route", gw.serviceAndRoute("/hidden")));
    gw.plugin("rate-limiting", "{\"minute\":1,\"limit_by\":\"header\",\"header_name\":\"x-tenant\"}",
        ref("route", gw.serviceAndRoute("/byheader")));
    gw.plugin("rate-limiting", "{\"minute\":1,\"limit_by\":\"path\",\"path\":\"/bypath/a\"}",
        ref("route", gw.serviceAndRoute("/bypath")));
    gw.plugin("rate-limiting", "{\"strategy\":\"sliding-window\",\"limits\":[{\"limit\":10,\"window_size\":10}]}",
        ref("route", gw.serviceAndRoute("/sliding")));
    gw.plugin("rate-limiting", "{\"limits\":[{\"limit\":3,\"window_size\":30},{\"limit\":5,\"window_size\":30}],\"hour\":100}",
        ref("route", gw.serviceAndRoute("/multi")));
    gw.apply();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void seven_requests_on_a_limit_of_six_per_minute() {
    List<String> remaining = new ArrayList<>();
    List<Integer> statuses = new ArrayList<>();
    HttpResponse<String> r = null;
    for (int i = 0; i < 7; i++) {
      r = gw.get("/minute6");
      statuses.add(r.statusCode());
      remaining.add(r.headers().firstValue("X-RateLimit-Remaining-Minute").orElse("-"));
      assertThat(r.headers().firstValue("X-RateLimit-Limit-Minute")).hasValue("6");
      assertThat(r.headers().firstValue("RateLimit-Limit")).hasValue("6");
      assertThat(r.headers().firstValue("RateLimit-Remaining")).hasValue(remaining.get(i));
      assertThat(r.headers().firstValue("RateLimit-Reset")).hasValue("50"); // 10 s into the minute
    }
    assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 200, 429);
    assertThat(remaining).containsExactly("5", "4", "3", "2", "1", "0", "0");
    assertThat(r.headers().firstValue("Retry-After")).hasValue("50");
    assertThat(Json.parse(r.body()).get("message").asText()).isEqualTo("API rate limit exceeded");
  }

  @Test
  void ratelimit_headers_describe_the_most_restrictive_window() {
    HttpResponse<String> r = gw.get("/two");
    assertThat(r.headers().firstValue("X-RateLimit-Limit-Hour")).hasValue("99999");
    assertThat(r.headers().firstValue("X-RateLimit-Remaining-Hour")).hasValue("99998");
    assertThat(r.headers().firstValue("RateLimit-Limit")).hasValue("6");
    assertThat(r.headers().firstValue("RateLimit-Remaining")).hasValue("5");
  }

  @Test
  void windows_follow_the_injected_clock() {
    long base = Instant.parse("2025-03-14T16:00:00.200Z").toEpochMilli();
    clock.set(base);
    try {
      HttpResponse<String> first = gw.get("/second");
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.headers().firstValue("X-RateLimit-Remaining-Second")).hasValue("0");
      assertThat(first.headers().firstValue("RateLimit-Remaining")).hasValue("0");
      assertThat(gw.get("/second").statusCode()).isEqualTo(429);
      clock.set(base + 900); // next second
      assertThat(gw.get("/second").statusCode()).isEqualTo(200);
    } finally {
      clock.set(T0);
    }
  }

  @Test
  void custom_error_code_and_message() {
    gw.get("/custom");
    gw.get("/custom");
    HttpResponse<String> r = gw.get("/custom");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(Json.parse(r.body()).get("message").asText()).isEqualTo("Fake Not Found");
    assertThat(r.headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void hide_client_headers_sends_none() {
    HttpResponse<String> ok = gw.get("/hidden");
    HttpResponse<String> blocked = gw.get("/hidden");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(blocked.statusCode()).isEqualTo(429);
    for (HttpResponse<String> r : List.of(ok, blocked)) {
      assertThat(r.headers().map().keySet()).noneMatch(h -> h.toLowerCase().contains("ratelimit") || h.equalsIgnoreCase("retry-after"));
    }
  }

  @Test
  void limit_by_header_keeps_a_counter_per_value_and_falls_back_to_the_ip() {
    assertThat(gw.get("/byheader", "x-tenant", "a").statusCode()).isEqualTo(200);
    assertThat(gw.get("/byheader", "x-tenant", "a").statusCode()).isEqualTo(429);
    assertThat(gw.get("/byheader", "x-tenant", "b").statusCode()).isEqualTo(200);
    assertThat(gw.get("/byheader").statusCode()).isEqualTo(200); // the IP's own counter
    assertThat(gw.get("/byheader").statusCode()).isEqualTo(429);
  }

  @Test
  void limit_by_path_counts_the_configured_path_and_falls_back_to_the_ip_elsewhere() {
    assertThat(gw.get("/bypath/a").statusCode()).isEqualTo(200);
    assertThat(gw.get("/bypath/a").statusCode()).isEqualTo(429);
    assertThat(gw.get("/bypath/other").statusCode()).isEqualTo(200);
    assertThat(gw.get("/bypath/else").statusCode()).isEqualTo(429); // same IP counter
  }

  @Test
  void sliding_window_weighs_the_previous_window() {
    long base = Instant.parse("2025-03-14T17:00:00Z").toEpochMilli();
    clock.set(base);
    try {
      for (int i = 0; i < 10; i++) {
        assertThat(gw.get("/sliding").statusCode()).isEqualTo(200);
      }
      HttpResponse<String> full = gw.get("/sliding");
      assertThat(full.statusCode()).isEqualTo(429);
      assertThat(full.headers().firstValue("X-RateLimit-Limit-10")).hasValue("10");
      clock.set(base + 15_000); // half-way into the next window: the previous 10 weigh 5
      int admitted = 0;
      for (int i = 0; i < 10; i++) {
        admitted += gw.get("/sliding").statusCode() == 200 ? 1 : 0;
      }
      assertThat(admitted).isEqualTo(5);
      clock.set(base + 20_000); // a whole window later: the 5 weigh 5 → 5 more
      admitted = 0;
      for (int i = 0; i < 10; i++) {
        admitted += gw.get("/sliding").statusCode() == 200 ? 1 : 0;
      }
      assertThat(admitted).isEqualTo(5);
    } finally {
      clock.set(T0);
    }
  }

  @Test
  void several_limits_of_one_window_size_the_lowest_binds() {
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = gw.get("/multi");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("X-RateLimit-Limit-Hour")).hasValue("100");
    }
    HttpResponse<String> r = gw.get("/multi");
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.headers().firstValue("RateLimit-Limit")).hasValue("3");
  }

  @Test
  void config_is_validated_like_kong() {
    assertThatThrownBy(() -> gw.plugin("rate-limiting", "{\"minute\":10,\"hour\":5}", ""))
        .isInstanceOf(KongException.class)
        .hasMessageContaining("The limit for hour(5.0) cannot be lower than the limit for minute(10.0)");
    assertThatThrownBy(() -> gw.plugin("rate-limiting", "{\"policy\":\"local\"}", ""))
        .isInstanceOf(KongException.class)
        .hasMessageContaining("at least one of these fields must be non-empty");
    assertThatThrownBy(() -> gw.plugin("rate-limiting", "{\"minute\":1,\"sync_rate\":1}", ""))
        .isInstanceOf(KongException.class).hasMessageContaining("sync_rate can only be used with the redis policy");
    assertThatThrownBy(() -> gw.plugin("rate-limiting", "{\"minute\":1,\"limit_by\":\"header\"}", ""))
        .isInstanceOf(KongException.class).hasMessageContaining("limit_by");
    assertThatThrownBy(() -> gw.plugin("rate-limiting", "{\"minute\":1,\"policy\":\"redis\"}", ""))
        .isInstanceOf(KongException.class).hasMessageContaining("policy");
  }
}
