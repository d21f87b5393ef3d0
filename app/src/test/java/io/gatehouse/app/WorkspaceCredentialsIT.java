package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials per workspace at the proxy, one auth plugin kind per row of a table: each workspace
 * (default and {@code team-c}) has a route with the plugin and a consumer {@code alice} with a
 * credential of its own; a credential authenticates on its workspace's route (as its workspace's
 * consumer) and is 401 on the other workspace's route.
 */
class WorkspaceCredentialsIT {
  private static final String TEAM = "/team-c";

  @TempDir Path dir;

  /**
   * One auth plugin kind: the credential endpoint under {@code /consumers/alice/}, the credential
   * for a workspace tag ({@code d} or {@code t}), and the request headers carrying it.
   */
  record Kind(String plugin, String endpoint, Function<String, String> credential, Function<String, String[]> headers) {}

  private static final List<Kind> KINDS = List.of(
      new Kind("basic-auth", "basic-auth", t -> "{\"username\":\"user-" + t + "\",\"password\":\"pw-" + t + "\"}",
          t -> new String[] {"Authorization", "Basic " + b64(("user-" + t + ":pw-" + t).getBytes(StandardCharsets.UTF_8))}),
      new Kind("hmac-auth", "hmac-auth", t -> "{\"username\":\"hmac-" + t + "\",\"secret\":\"secret-" + t + "\"}",
          WorkspaceCredentialsIT::hmacHeaders),
      new Kind("jwt", "jwt", t -> "{\"key\":\"iss-" + t + "\",\"secret\":\"jwt-secret-" + t + "\"}",
          t -> new String[] {"Authorization", "Bearer " + jwt("iss-" + t, "jwt-secret-" + t)}),
      new Kind("key-auth", "key-auth", t -> "{\"key\":\"key-" + t + "\"}", t -> new String[] {"apikey", "key-" + t}));

  @Test
  void each_auth_plugin_finds_credentials_only_in_the_routes_workspace() throws Exception {
    try (WholeNode node = new WholeNode(dir, Map.of())) {
      node.create("/workspaces", "{\"name\":\"team-c\"}");
      String upstream = node.upstream.url("/");
      for (String prefix : new String[] {"", TEAM}) {
        node.create(prefix + "/consumers", "{\"username\":\"alice\"}");
        for (Kind k : KINDS) {
          node.create(prefix + "/services", "{\"name\":\"" + k.plugin() + "\",\"url\":\"" + upstream + "\"}");
          node.create(prefix + "/services/" + k.plugin() + "/routes",
              "{\"name\":\"" + k.plugin() + "\",\"paths\":[\"" + path(k, prefix) + "\"]}");
          node.create(prefix + "/routes/" + k.plugin() + "/plugins", "{\"name\":\"" + k.plugin() + "\"}");
          node.create(prefix + "/consumers/alice/" + k.endpoint(), k.credential().apply(tag(prefix)));
        }
      }
      String defaultAlice = node.admin.get("/consumers/alice").json().path("id").asText();
      String teamAlice = node.admin.get(TEAM + "/consumers/alice").json().path("id").asText();
      for (Kind k : KINDS) {
        HttpResponse<String> own = node.awaitStatus(200, path(k, ""), k.headers().apply("d"));
        assertThat(own.body()).as(k.plugin()).contains(defaultAlice).doesNotContain(teamAlice);
        HttpResponse<String> teamOwn = node.awaitStatus(200, path(k, TEAM), k.headers().apply("t"));
        assertThat(teamOwn.body()).as(k.plugin()).contains(teamAlice).doesNotContain(defaultAlice);
        assertThat(node.get(path(k, TEAM), k.headers().apply("d")).statusCode())
            .as(k.plugin() + ": the default workspace's credential on team-c's route").isEqualTo(401);
        assertThat(node.get(path(k, ""), k.headers().apply("t")).statusCode())
            .as(k.plugin() + ": team-c's credential on the default workspace's route").isEqualTo(401);
      }
    }
  }

  /**
   * An auth plugin's {@code anonymous} is found in the route's workspace only, as Kong Enterprise
   * finds it in the request's workspace: the same username names each workspace's own consumer, and
   * an id of another workspace's consumer is as unknown as a missing one (Kong's 500).
   */
  @Test
  void the_anonymous_consumer_is_found_in_the_routes_workspace() throws Exception {
    try (WholeNode node = new WholeNode(dir, Map.of())) {
      node.create("/workspaces", "{\"name\":\"team-g\"}");
      String defaultAnon = node.create("/consumers", "{\"username\":\"anon\"}").json().path("id").asText();
      String teamAnon = node.create("/team-g/consumers", "{\"username\":\"anon\"}").json().path("id").asText();
      node.create("/consumers/anon/acls", "{\"group\":\"gold\"}");
      for (String prefix : new String[] {"", "/team-g"}) {
        String t = prefix.isEmpty() ? "d" : "t";
        node.create(prefix + "/services", "{\"name\":\"gold\",\"url\":\"" + node.upstream.url("/") + "\"}");
        node.create(prefix + "/services/gold/routes", "{\"name\":\"by-name\",\"paths\":[\"/anon-" + t + "\"]}");
        node.create(prefix + "/routes/by-name/plugins", "{\"name\":\"key-auth\",\"config\":{\"anonymous\":\"anon\"}}");
        // by id: the default workspace's consumer, on both workspaces' routes
        node.create(prefix + "/services/gold/routes", "{\"name\":\"by-id\",\"paths\":[\"/gold-" + t + "\"]}");
        node.create(prefix + "/routes/by-id/plugins", "{\"name\":\"key-auth\",\"config\":{\"anonymous\":\"" + defaultAnon + "\"}}");
        node.create(prefix + "/routes/by-id/plugins", "{\"name\":\"acl\",\"config\":{\"allow\":[\"gold\"]}}");
      }
      // a route created last: once it answers, the proxy serves everything created before it
      node.create("/services/gold/routes", "{\"paths\":[\"/synced\"]}");
      node.awaitStatus(200, "/synced");

      HttpResponse<String> d = node.get("/anon-d");
      assertThat(d.statusCode()).as(d.body()).isEqualTo(200);
      assertThat(d.body()).contains(defaultAnon).doesNotContain(teamAnon);
      HttpResponse<String> t = node.get("/anon-t");
      assertThat(t.statusCode()).as(t.body()).isEqualTo(200);
      assertThat(t.body()).contains(teamAnon).doesNotContain(defaultAnon);

      HttpResponse<String> own = node.get("/gold-d");
      assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
      assertThat(own.body()).contains(defaultAnon);
      // team-g's route does not reach the default workspace's consumer (nor so its groups)
      HttpResponse<String> other = node.get("/gold-t");
      assertThat(other.statusCode()).as(other.body()).isEqualTo(500);
      assertThat(other.body()).doesNotContain(defaultAnon);
    }
  }

  /**
   * oauth2: an application (client_id) of one workspace gets no token on the other's route, and a
   * token issued on one workspace's route does not open the other's (global_credentials, so only
   * the token's application, not its service, ties it to a workspace).
   */
  @Test
  void oauth2_applications_and_tokens_stay_in_their_workspace() throws Exception {
    try (WholeNode node = new WholeNode(dir, Map.of("trusted_ips", "127.0.0.1"))) {
      node.create("/workspaces", "{\"name\":\"team-o\"}");
      for (String prefix : new String[] {"", "/team-o"}) {
        String t = prefix.isEmpty() ? "d" : "t";
        node.create(prefix + "/services", "{\"name\":\"oa\",\"url\":\"" + node.upstream.url("/") + "\"}");
        node.create(prefix + "/services/oa/routes", "{\"name\":\"oa\",\"paths\":[\"/oa-" + t + "\"]}");
        node.create(prefix + "/routes/oa/plugins", "{\"name\":\"oauth2\",\"config\":{\"enable_client_credentials\":true,"
            + "\"accept_http_if_already_terminated\":true,\"global_credentials\":true}}");
        node.create(prefix + "/consumers", "{\"username\":\"alice\"}");
        node.create(prefix + "/consumers/alice/oauth2", "{\"name\":\"app\",\"client_id\":\"cid-" + t
            + "\",\"client_secret\":\"secret-" + t + "\",\"redirect_uris\":[\"https://app.test/cb\"]}");
      }
      node.create("/services/oa/routes", "{\"paths\":[\"/synced\"]}");
      node.awaitStatus(200, "/synced");

      String defaultToken = token(node, "/oa-d", "d");
      String teamToken = token(node, "/oa-t", "t");
      assertThat(node.get("/oa-d", "Authorization", "Bearer " + defaultToken).statusCode()).isEqualTo(200);
      assertThat(node.get("/oa-t", "Authorization", "Bearer " + teamToken).statusCode()).isEqualTo(200);
      assertThat(node.get("/oa-t", "Authorization", "Bearer " + defaultToken).statusCode())
          .as("the default workspace's token on team-o's route").isEqualTo(401);
      assertThat(node.get("/oa-d", "Authorization", "Bearer " + teamToken).statusCode()).isEqualTo(401);
      HttpResponse<String> foreign = tokenRequest(node, "/oa-t", "d");
      assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(400);
      assertThat(foreign.body()).contains("invalid_client");
    }
  }

  private static HttpResponse<String> tokenRequest(WholeNode node, String route, String t) {
    String form = "grant_type=client_credentials&client_id=cid-" + t + "&client_secret=secret-" + t;
    return node.send("POST", route + "/oauth2/token", java.net.http.HttpRequest.BodyPublishers.ofString(form),
        "Content-Type", "application/x-www-form-urlencoded", "X-Forwarded-Proto", "https");
  }

  private static String token(WholeNode node, String route, String t) {
    HttpResponse<String> r = tokenRequest(node, route, t);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return io.gatehouse.core.json.Json.parse(r.body()).path("access_token").asText();
  }

  private static String tag(String prefix) {
    return prefix.isEmpty() ? "d" : "t";
  }

  private static String path(Kind k, String prefix) {
    return "/" + k.plugin() + "-" + tag(prefix);
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static byte[] hmacSha256(String key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** hmac-auth headers signing {@code x-date} with the workspace's secret. */
  private static String[] hmacHeaders(String t) {
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
    String signature = b64(hmacSha256("secret-" + t, "x-date: " + date));
    return new String[] {"X-Date", date, "Authorization", "hmac username=\"hmac-" + t
        + "\", algorithm=\"hmac-sha256\", headers=\"x-date\", signature=\"" + signature + "\""};
  }

  /** An HS256 token whose {@code iss} names the jwt credential's key. */
  private static String jwt(String iss, String secret) {
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    String signing = url.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + url.encodeToString(("{\"iss\":\"" + iss + "\"}").getBytes(StandardCharsets.UTF_8));
    return signing + "." + url.encodeToString(hmacSha256(secret, signing));
  }
}
