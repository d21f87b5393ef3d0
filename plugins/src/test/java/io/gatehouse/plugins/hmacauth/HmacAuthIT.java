package io.gatehouse.plugins.hmacauth;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static io.gatehouse.plugins.testing.PluginGateway.upstreamHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.PluginGateway;
import io.gatehouse.proxy.tls.SelfSignedCertificates;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * hmac-auth (Kong 3.9 spec/03-plugins/19-hmac-auth/03-access_spec): the client signs with the JDK's
 * {@link Mac}, building the signing string as Kong's documentation describes.
 */
class HmacAuthIT {
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
  private static final String NOT_VALID = "HMAC signature cannot be verified";
  private static final String NOT_SAME = "HMAC signature does not match";
  private static final String NO_DATE =
      "HMAC signature cannot be verified, a valid date or x-date header is required for HMAC Authentication";
  static PluginGateway gw;
  static ObjectNode generated;

  @BeforeAll
  static void start() {
    InetSocketAddress tls = new InetSocketAddress("127.0.0.1", 0);
    gw = new PluginGateway(b -> b.tlsListen(List.of(tls)).http2Listen(Set.of(tls)).defaultCertificates(List.of(
        SelfSignedCertificates.generate("localhost", SelfSignedCertificates.KeyType.EC, Duration.ofDays(1)))));
    ObjectNode bob = gw.consumer("bob");
    gw.insert("hmacauth_credentials", "{\"username\":\"bob\",\"secret\":\"secret\"," + ref("consumer", bob) + "}");
    generated = gw.insert("hmacauth_credentials", "{\"username\":\"gen\"," + ref("consumer", gw.consumer("gen")) + "}");
    gw.consumer("guest");
    gw.plugin("hmac-auth", "{}", ref("route", gw.serviceAndRoute("/hmac")));
    gw.plugin("hmac-auth", "{\"realm\":\"api\",\"hide_credentials\":true,\"enforce_headers\":[\"x-date\",\"request-line\"],"
        + "\"algorithms\":[\"hmac-sha256\",\"hmac-sha512\"]}", ref("route", gw.serviceAndRoute("/strict")));
    gw.plugin("hmac-auth", "{\"validate_request_body\":true}", ref("route", gw.serviceAndRoute("/body")));
    gw.plugin("hmac-auth", "{\"anonymous\":\"guest\"}", ref("route", gw.serviceAndRoute("/anon")));
    gw.plugin("hmac-auth", "{\"clock_skew\":10}", ref("route", gw.serviceAndRoute("/skew")));
    gw.apply();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  static String now() {
    return HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC));
  }

  static String sign(String algorithm, String secret, String signingString) throws Exception {
    String jdk = "Hmac" + algorithm.substring(5).toUpperCase(Locale.ROOT);
    Mac mac = Mac.getInstance(jdk);
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), jdk));
    return Base64.getEncoder().encodeToString(mac.doFinal(signingString.getBytes(StandardCharsets.UTF_8)));
  }

  static String header(String user, String algorithm, String headers, String signature) {
    return "hmac username=\"" + user + "\", algorithm=\"" + algorithm + "\", headers=\"" + headers
        + "\", signature=\"" + signature + "\"";
  }

  /** Authorization signing x-date and the request line of a GET. */
  static String authorization(String user, String secret, String algorithm, String date, String pathAndQuery) throws Exception {
    String signature = sign(algorithm, secret, "x-date: " + date + "\nGET " + pathAndQuery + " HTTP/1.1");
    return header(user, algorithm, "x-date request-line", signature);
  }

  static void unauthorized(HttpResponse<String> r, String message, String challenge) {
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(Json.parse(r.body()).get("message").asText()).isEqualTo(message);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue(challenge);
  }

  @Test
  void every_algorithm_signs_a_request() throws Exception {
    for (String algorithm : new String[] {"hmac-sha1", "hmac-sha256", "hmac-sha384", "hmac-sha512"}) {
      String date = now();
      HttpResponse<String> r = gw.get("/hmac/a?b=1", "X-Date", date,
          "Authorization", authorization("bob", "secret", algorithm, date, "/hmac/a?b=1"));
      assertThat(r.statusCode()).as(algorithm).isEqualTo(200);
      assertThat(upstreamHeaders(r).get("x-consumer-username").asText()).isEqualTo("bob");
      assertThat(upstreamHeaders(r).get("x-credential-identifier").asText()).isEqualTo("bob");
      assertThat(upstreamHeaders(r).has("authorization")).as("kept without hide_credentials").isTrue();
    }
  }

  @Test
  void generated_secret_works() throws Exception {
    String secret = generated.get("secret").asText();
    assertThat(secret).isNotBlank();
    String date = now();
    assertThat(gw.get("/hmac", "X-Date", date, "Authorization", authorization("gen", secret, "hmac-sha256", date, "/hmac"))
        .statusCode()).isEqualTo(200);
  }

  @Test
  void request_target_and_unsent_headers() throws Exception {
    String date = now();
    // a listed header the client did not send is signed as "name:"
    String signature = sign("hmac-sha256", "secret", "x-date: " + date + "\n@request-target: get /hmac?q=x\nx-missing:");
    HttpResponse<String> r = gw.get("/hmac?q=x", "X-Date", date,
        "Authorization", header("bob", "hmac-sha256", "x-date @request-target x-missing", signature));
    assertThat(r.statusCode()).isEqualTo(200);
  }

  @Test
  void failures_and_kong_messages() throws Exception {
    unauthorized(gw.get("/hmac"), "Unauthorized", "hmac");
    unauthorized(gw.get("/hmac", "Authorization", "hmac username=\"bob\""), NO_DATE, "hmac");
    String date = now();
    unauthorized(gw.get("/hmac", "X-Date", date, "Authorization", "Basic Ym9iOmtvbmc="), NOT_VALID, "hmac");
    unauthorized(gw.get("/hmac", "X-Date", date,
        "Authorization", authorization("nobody", "secret", "hmac-sha256", date, "/hmac")), NOT_VALID, "hmac");
    unauthorized(gw.get("/hmac", "X-Date", date,
        "Authorization", authorization("bob", "wrong", "hmac-sha256", date, "/hmac")), NOT_SAME, "hmac");
    unauthorized(gw.get("/hmac/other", "X-Date", date,
        "Authorization", authorization("bob", "secret", "hmac-sha256", date, "/hmac")), NOT_SAME, "hmac");
    unauthorized(gw.get("/hmac", "X-Date", date,
        "Authorization", authorization("bob", "secret", "hmac-md5", date, "/hmac").replace("hmac-md5", "hmac-md5")),
        NOT_VALID, "hmac");
    unauthorized(gw.get("/hmac", "X-Date", date, "Authorization", header("bob", "hmac-sha256", "x-date", "!!notbase64")),
        NOT_SAME, "hmac");
  }

  @Test
  void clock_skew() throws Exception {
    String old = HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC).minusSeconds(60));
    unauthorized(gw.get("/skew", "X-Date", old, "Authorization", authorization("bob", "secret", "hmac-sha1", old, "/skew")),
        NO_DATE, "hmac");
    assertThat(gw.get("/hmac", "X-Date", old, "Authorization", authorization("bob", "secret", "hmac-sha1", old, "/hmac"))
        .statusCode()).as("within the default 300 s").isEqualTo(200);
    unauthorized(gw.get("/hmac", "X-Date", "yesterday", "Authorization", authorization("bob", "secret", "hmac-sha1", "yesterday", "/hmac")),
        NO_DATE, "hmac");
  }

  @Test
  void date_header_and_proxy_authorization() throws Exception {
    String date = now();
    String signature = sign("hmac-sha256", "secret", "date: " + date);
    assertThat(gw.raw("/hmac", "Date: " + date, "Proxy-Authorization: " + header("bob", "hmac-sha256", "date", signature))
        .status()).isEqualTo(200);
    assertThat(gw.raw("/hmac", "Date: " + date, "Proxy-Authorization: " + header("bob", "hmac-sha256", "date", sign("hmac-sha256", "x", "date: " + date)))
        .status()).isEqualTo(401);
  }

  @Test
  void enforced_headers_algorithms_realm_and_hiding() throws Exception {
    String date = now();
    HttpResponse<String> r = gw.get("/strict", "X-Date", date,
        "Authorization", authorization("bob", "secret", "hmac-sha512", date, "/strict"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(upstreamHeaders(r).has("authorization")).isFalse();
    unauthorized(gw.get("/strict", "X-Date", date, "Authorization", authorization("bob", "secret", "hmac-sha1", date, "/strict")),
        NOT_VALID, "hmac realm=\"api\"");
    unauthorized(gw.get("/strict", "X-Date", date,
        "Authorization", header("bob", "hmac-sha256", "x-date", sign("hmac-sha256", "secret", "x-date: " + date))),
        NOT_VALID, "hmac realm=\"api\"");
  }

  @Test
  void request_body_digest() throws Exception {
    String body = "{\"a\":1}";
    String digest = "SHA-256=" + Base64.getEncoder().encodeToString(
        MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
    String date = now();
    String auth = header("bob", "hmac-sha256", "x-date digest", sign("hmac-sha256", "secret", "x-date: " + date + "\ndigest: " + digest));
    assertThat(gw.send("POST", "/body", HttpRequest.BodyPublishers.ofString(body), "X-Date", date, "Digest", digest,
        "Authorization", auth).statusCode()).isEqualTo(200);
    unauthorized(gw.send("POST", "/body", HttpRequest.BodyPublishers.ofString("{\"a\":2}"), "X-Date", date, "Digest", digest,
        "Authorization", auth), NOT_SAME, "hmac");
    String noDigest = header("bob", "hmac-sha256", "x-date", sign("hmac-sha256", "secret", "x-date: " + date));
    unauthorized(gw.send("POST", "/body", HttpRequest.BodyPublishers.ofString(body), "X-Date", date, "Authorization", noDigest),
        NOT_SAME, "hmac");
    assertThat(gw.get("/body", "X-Date", date, "Authorization", noDigest).statusCode()).as("no body, no digest").isEqualTo(200);
  }

  @Test
  void anonymous() throws Exception {
    String date = now();
    HttpResponse<String> r = gw.get("/anon", "X-Date", date, "Authorization", authorization("bob", "wrong", "hmac-sha256", date, "/anon"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(upstreamHeaders(r).get("x-consumer-username").asText()).isEqualTo("guest");
    assertThat(upstreamHeaders(r).get("x-anonymous-consumer").asText()).isEqualTo("true");
  }

  // Kong's request-line is "%s %s HTTP/%.01f" of kong.request.get_http_version(): HTTP/2.0 over h2
  @Test
  void request_line_carries_the_clients_http_version() throws Exception {
    SSLContext trustAll = SSLContext.getInstance("TLS");
    trustAll.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
    for (HttpClient.Version version : HttpClient.Version.values()) {
      String line = version == HttpClient.Version.HTTP_2 ? "HTTP/2.0" : "HTTP/1.1";
      String other = version == HttpClient.Version.HTTP_2 ? "HTTP/1.1" : "HTTP/2.0";
      try (HttpClient client = HttpClient.newBuilder().sslContext(trustAll).version(version)
          .connectTimeout(java.time.Duration.ofSeconds(5)).build()) {
        String date = now();
        HttpResponse<String> ok = client.send(signedRequestLine(date, line), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.version()).isEqualTo(version);
        assertThat(ok.statusCode()).as(version + " signed as " + line).isEqualTo(200);
        HttpResponse<String> wrong = client.send(signedRequestLine(date, other), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.version()).isEqualTo(version);
        unauthorized(wrong, NOT_SAME, "hmac");
      }
    }
  }

  /** A GET over TLS to /hmac/v?x=1 whose signature covers x-date and the request line with {@code version}. */
  private static HttpRequest signedRequestLine(String date, String version) throws Exception {
    String signature = sign("hmac-sha256", "secret", "x-date: " + date + "\nGET /hmac/v?x=1 " + version);
    return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + gw.tlsPort() + "/hmac/v?x=1"))
        .timeout(java.time.Duration.ofSeconds(20)).header("X-Date", date)
        .header("Authorization", header("bob", "hmac-sha256", "x-date request-line", signature)).build();
  }

  @Test
  void config_defaults_and_validation() {
    ObjectNode config = (ObjectNode) gw.plugin("hmac-auth", "{}", "").get("config"); // stored only, never applied
    assertThat(config.get("clock_skew").asDouble()).isEqualTo(300);
    assertThat(config.get("hide_credentials").asBoolean()).isFalse();
    assertThat(config.get("validate_request_body").asBoolean()).isFalse();
    assertThat(config.get("enforce_headers")).isEmpty();
    assertThat(config.get("algorithms").toString()).isEqualTo("[\"hmac-sha1\",\"hmac-sha256\",\"hmac-sha384\",\"hmac-sha512\"]");
    assertThat(config.get("realm").isNull()).isTrue();
    assertThatThrownBy(() -> gw.plugin("hmac-auth", "{\"clock_skew\":0}", "")).hasMessageContaining("greater than 0");
    assertThatThrownBy(() -> gw.plugin("hmac-auth", "{\"algorithms\":[\"hmac-md5\"]}", "")).hasMessageContaining("hmac-sha1");
  }
}
