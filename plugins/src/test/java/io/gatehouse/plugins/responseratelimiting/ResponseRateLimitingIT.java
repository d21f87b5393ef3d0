package io.gatehouse.plugins.responseratelimiting;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.PluginGateway;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * response-ratelimiting (reference plugins §14, spec/03-plugins/24-response-rate-limiting) with an
 * upstream that prices each response with {@code X-Kong-Limit} taken from {@code ?cost=}.
 */
class ResponseRateLimitingIT {
  static final AtomicLong clock = new AtomicLong(Instant.parse("2025-03-14T15:09:10Z").toEpochMilli());
  static HttpServer upstream;
  static final AtomicReference<String> lastRemainingHeader = new AtomicReference<>();
  static PluginGateway gw;

  @BeforeAll
  static void start() throws IOException {
    upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    upstream.createContext("/", exchange -> {
      String q = exchange.getRequestURI().getRawQuery();
      if (q != null && q.startsWith("cost=")) {
        exchange.getResponseHeaders().set("X-Kong-Limit", URLDecoder.decode(q.substring(5), StandardCharsets.UTF_8));
      }
      lastRemainingHeader.set(exchange.getRequestHeaders().getFirst("X-RateLimit-Remaining-video"));
      byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    upstream.start();
    gw = new PluginGateway(LoadedPlugins.of(new ResponseRateLimitingPlugin(clock::get)));
    for (String[] r : new String[][] {
        {"/plain", "{\"limits\":{\"video\":{\"minute\":6},\"image\":{\"second\":10,\"minute\":20}}}"},
        {"/block", "{\"block_on_first_violation\":true,\"limits\":{\"video\":{\"minute\":2}}}"},
        {"/hidden", "{\"hide_client_headers\":true,\"limits\":{\"video\":{\"minute\":2}}}"}}) {
      var svc = gw.insert("services", "{\"host\":\"127.0.0.1\",\"port\":" + upstream.getAddress().getPort() + "}");
      var route = gw.insert("routes", "{\"paths\":[\"" + r[0] + "\"],\"service\":{\"id\":\"" + PluginGateway.id(svc) + "\"}}");
      gw.plugin("response-ratelimiting", r[1], PluginGateway.ref("route", route));
    }
    // on the echo upstream, priced with ?echo_header=X-Kong-Limit:…
    for (String[] r : new String[][] {
        {"/spend", "{\"limits\":{\"video\":{\"minute\":2},\"image\":{\"minute\":10}}}"},
        {"/quiet", "{\"hide_client_headers\":true,\"limits\":{\"video\":{\"minute\":1}}}"},
        {"/stream", "{\"limits\":{\"video\":{\"minute\":1}}}"}}) {
      gw.plugin("response-ratelimiting", r[1], PluginGateway.ref("route", gw.serviceAndRoute(r[0])));
    }
    gw.apply();
  }

  @AfterAll
  static void stop() {
    gw.close();
    upstream.stop(0);
  }

  @Test
  void the_upstream_prices_responses_and_headers_count_down() {
    HttpResponse<String> r = gw.get("/plain?cost=video%3D2,%20image%3D1");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Kong-Limit")).as("removed from the client response").isEmpty();
    assertThat(r.headers().firstValue("X-RateLimit-Limit-video-minute")).hasValue("6");
    assertThat(r.headers().firstValue("X-RateLimit-Remaining-video-minute")).hasValue("4");
    assertThat(r.headers().firstValue("X-RateLimit-Remaining-image-second")).hasValue("9");
    assertThat(r.headers().firstValue("X-RateLimit-Remaining-image-minute")).hasValue("19");
    assertThat(lastRemainingHeader.get()).as("upstream learns what is left before the response").isEqualTo("6");

    HttpResponse<String> second = gw.get("/plain?cost=video%3D1");
    assertThat(lastRemainingHeader.get()).isEqualTo("4");
    assertThat(second.headers().firstValue("X-RateLimit-Remaining-video-minute")).hasValue("3");
    assertThat(second.headers().firstValue("X-RateLimit-Remaining-image-minute")).hasValue("19");
  }

  @Test
  void block_on_first_violation_refuses_once_a_limit_is_spent() {
    assertThat(gw.get("/block?cost=video%3D2").statusCode()).isEqualTo(200);
    HttpResponse<String> r = gw.get("/block?cost=video%3D1");
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(Json.parse(r.body()).get("message").asText()).isEqualTo("API rate limit exceeded for 'video'");
  }

  @Test
  void hide_client_headers_still_strips_the_upstream_header() {
    HttpResponse<String> r = gw.get("/hidden?cost=video%3D1");
    assertThat(r.headers().firstValue("X-Kong-Limit")).isEmpty();
    assertThat(r.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("x-ratelimit"));
  }

  /** {@code ?echo_header=X-Kong-Limit:<pairs>}: the echo upstream prices its response. */
  private static String priced(String path, String pairs) {
    return path + "?echo_header=" + URLEncoder.encode("X-Kong-Limit:" + pairs, StandardCharsets.UTF_8);
  }

  /**
   * Kong's header_filter.lua: a response whose increment hits a limit with nothing remaining
   * becomes {@code kong.response.exit(429)} ("Don't set a body": Content-Length 0) and
   * {@code stop_log} keeps it from being counted.
   */
  @Test
  void a_response_spending_a_used_up_limit_becomes_an_empty_429_and_is_not_counted() {
    assertThat(gw.get(priced("/spend", "video=2")).statusCode()).isEqualTo(200);
    int before = gw.upstreamRequests();

    HttpResponse<String> r = gw.get(priced("/spend", "video=1, image=3"));
    assertThat(gw.upstreamRequests()).as("the upstream answered; its response was replaced").isEqualTo(before + 1);
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.body()).isEmpty();
    assertThat(r.headers().firstValue("Content-Length")).hasValue("0");
    assertThat(r.headers().firstValue("X-Kong-Limit")).isEmpty();
    assertThat(r.headers().firstValue("X-RateLimit-Limit-video-minute")).hasValue("2");
    assertThat(r.headers().firstValue("X-RateLimit-Remaining-video-minute")).hasValue("0");
    assertThat(r.headers().firstValue("X-RateLimit-Remaining-image-minute")).hasValue("7");

    HttpResponse<String> next = gw.get(priced("/spend", "image=1"));
    assertThat(next.statusCode()).as("a response that spends no used-up limit passes").isEqualTo(200);
    assertThat(next.headers().firstValue("X-RateLimit-Remaining-image-minute"))
        .as("the refused response's image=3 was not counted").hasValue("9");
    assertThat(gw.get("/spend").statusCode()).as("an unpriced response passes").isEqualTo(200);
  }

  @Test
  void hidden_headers_still_refuse_with_an_empty_429() {
    assertThat(gw.get(priced("/quiet", "video=1")).statusCode()).isEqualTo(200);
    HttpResponse<String> r = gw.get(priced("/quiet", "video=1"));
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.body()).isEmpty();
    assertThat(r.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("x-ratelimit") || h.equalsIgnoreCase("x-kong-limit"));
  }

  @Test
  void a_streamed_upstream_body_is_discarded_and_the_next_requests_are_served() {
    assertThat(gw.get(priced("/stream", "video=1")).statusCode()).isEqualTo(200);
    HttpResponse<String> r = gw.get(priced("/stream/bytes/1048576", "video=1"));
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.body()).isEmpty();
    assertThat(r.headers().firstValue("Content-Length")).hasValue("0");
    assertThat(r.headers().firstValue("Transfer-Encoding")).isEmpty();
    HttpResponse<String> after = gw.get("/stream/bytes/100000");
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(after.body()).hasSize(100000);
  }
}
