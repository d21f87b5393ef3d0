package io.gatehouse.admin;

import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.admin.testing.AdminClient.Resp;
import io.gatehouse.admin.testing.TestAdmin;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invalid Admin API requests: each gets Kong's status and body shape, and nothing is stored
 * (the config version does not move).
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestAdmin.StoreKind.class)
class BadInputIT {
  static TestAdmin gw;
  static AdminClient api;

  @Parameter TestAdmin.StoreKind storeKind;

  @BeforeParameterizedClassInvocation
  static void start(TestAdmin.StoreKind kind) throws Exception {
    gw = new TestAdmin(kind);
    api = gw.client;
    api.post("/services", "{\"name\":\"existing\",\"host\":\"a.test\"}");
    api.post("/consumers", "{\"username\":\"taken\"}");
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    gw.close();
  }

  static final String JSON = "application/json";
  static final String FORM = "application/x-www-form-urlencoded";

  static Arguments bad(String method, String path, String contentType, String body, int status, String expected) {
    return Arguments.of(method, path, contentType, body, status, expected);
  }

  /** method, path, content type, body, expected status, expected message (or fragment of body). */
  static Stream<Arguments> cases() {
    String big = "x".repeat(11 * 1024 * 1024);
    return Stream.of(
        bad("POST", "/services", JSON, "{}", 400, "schema violation (host: required field missing)"),
        bad("POST", "/services", JSON, "{\"host\":\"a.test\",\"port\":\"80\"}", 400, "schema violation (port: expected an integer)"),
        bad("POST", "/services", JSON, "{\"host\":\"a.test\",\"port\":70000}", 400, "schema violation (port: value should be between 0 and 65535)"),
        bad("POST", "/services", JSON, "{\"host\":\"a.test\",\"protocol\":\"ftp\"}", 400, "schema violation (protocol: expected one of: grpc, grpcs, http, https, tcp, tls, tls_passthrough, udp)"),
        bad("POST", "/services", JSON, "{\"host\":\"a.test\",\"foo\":1}", 400, "schema violation (foo: unknown field)"),
        bad("POST", "/services", JSON, "{\"host\":\"a.test\",\"path\":\"nope\"}", 400, "schema violation (path: should start with: /)"),
        bad("POST", "/services", JSON, "{\"host\":\"a.test\",\"path\":\"/a//b\"}", 400, "schema violation (path: must not have empty segments)"),
        bad("POST", "/services", JSON, "{\"host\":\"a.test\",\"path\":\"/a%zz\"}", 400, "schema violation (path: invalid url-encoded value: '%zz')"),
        bad("POST", "/services", JSON, "{\"host\":\"a.test:80\"}", 400, "schema violation (host: must not have a port)"),
        bad("POST", "/services", JSON, "{\"host\":\"bad host\"}", 400, "schema violation (host: invalid value: bad host)"),
        bad("POST", "/services", JSON, "{\"host\":\"a.test\",\"name\":\"bad name\"}", 400, "schema violation (name: invalid value 'bad name': the only accepted ascii characters are alphanumerics or ., -, _, and ~)"),
        bad("POST", "/services", JSON, "{\"host\":\"a.test\",\"retries\":1.5}", 400, "schema violation (retries: expected an integer)"),
        bad("POST", "/services", JSON, "{\"host\":\"a.test\",\"connect_timeout\":0}", 400, "schema violation (connect_timeout: value should be between 1 and 2147483646)"),
        bad("POST", "/services", JSON, "{\"host\":\"a.test\",\"enabled\":\"yes\"}", 400, "schema violation (enabled: expected a boolean)"),
        bad("POST", "/services", JSON, "{\"host\":\"a.test\",\"tags\":\"a\"}", 400, "schema violation (tags: expected a set)"),
        bad("POST", "/services", JSON, "{\"host\":\"a.test\",\"tags\":[\"a,b\"]}", 400, "schema violation (tags.1: invalid tag 'a,b': expected printable ascii (except `,` and `/`) or valid utf-8 sequences)"),
        bad("POST", "/services", JSON, "{\"host\":\"a.test\",\"tls_verify\":true}", 400, "2 schema violations (failed conditional validation given value of field 'protocol'; tls_verify: value must be null)"),
        bad("POST", "/services", JSON, "{\"host\":\"a.test\",\"id\":\"not-a-uuid\"}", 400, "schema violation (id: expected a valid UUID)"),
        bad("POST", "/services", JSON, "{\"name\":\"existing\",\"host\":\"a.test\"}", 409, "UNIQUE violation detected on '{name=\"existing\"}'"),
        bad("POST", "/services", JSON, "{not json", 400, "Cannot parse JSON body"),
        bad("POST", "/services", JSON, "[1,2]", 400, "Cannot parse JSON body"),
        bad("POST", "/services", "text/plain", "host=a.test", 415, ""),
        bad("POST", "/services", "application/xml", "<a/>", 415, ""),
        bad("POST", "/services", JSON, big, 413, ""),
        bad("POST", "/services", FORM, "host=a.test&port=eighty", 400, "schema violation (port: expected an integer)"),
        bad("POST", "/routes", JSON, "{}", 400, "schema violation (must set one of 'methods', 'hosts', 'headers', 'paths', 'snis' when 'protocols' is 'https')"),
        bad("POST", "/routes", JSON, "{\"protocols\":[\"http\"]}", 400, "schema violation (must set one of 'methods', 'hosts', 'headers', 'paths' when 'protocols' is 'http')"),
        bad("POST", "/routes", JSON, "{\"paths\":[\"foo\"]}", 400, "schema violation (paths.1: should start with: / (fixed path) or ~/ (regex path))"),
        bad("POST", "/routes", JSON, "{\"paths\":[\"/a/../b\"]}", 400, "schema violation (paths.1: non-normalized path, consider use '/b' instead)"),
        bad("POST", "/routes", JSON, "{\"paths\":[\"~/(unclosed\"]}", 400, "schema violation (paths.1: invalid regex: '/(unclosed'"),
        bad("POST", "/routes", JSON, "{\"hosts\":[\"*.*.test\"]}", 400, "schema violation (hosts.1: invalid wildcard: must have at most one wildcard)"),
        bad("POST", "/routes", JSON, "{\"hosts\":[\"a.*.test\"]}", 400, "schema violation (hosts.1: invalid wildcard: must be placed at leftmost or rightmost label)"),
        bad("POST", "/routes", JSON, "{\"methods\":[\"get\"]}", 400, "schema violation (methods.1: invalid value: get)"),
        bad("POST", "/routes", JSON, "{\"paths\":[\"/x\"],\"headers\":{\"Host\":[\"a\"]}}", 400, "schema violation (headers: cannot contain 'host' header, which must be specified in the 'hosts' attribute)"),
        bad("POST", "/routes", JSON, "{\"paths\":[\"/x\"],\"protocols\":[\"http\",\"tcp\"]}", 400, "mixing"),
        bad("POST", "/routes", JSON, "{\"paths\":[\"/x\"],\"https_redirect_status_code\":303}", 400, "schema violation (https_redirect_status_code: expected one of: 426, 301, 302, 307, 308)"),
        bad("POST", "/routes", JSON, "{\"paths\":[\"/x\"],\"service\":{\"name\":null}}", 400, "schema violation (service.id: missing primary key)"),
        bad("POST", "/consumers", JSON, "{\"username\":\"taken\"}", 409, "UNIQUE violation detected on '{username=\"taken\"}'"),
        bad("POST", "/consumers", JSON, "{\"username\":\"\"}", 400, "schema violation (username: length must be at least 1)"),
        bad("POST", "/upstreams", JSON, "{\"name\":\"up.test:80\"}", 400, "schema violation (name: Invalid name ('up.test:80'); no port allowed)"),
        bad("POST", "/upstreams", JSON, "{\"name\":\"up.test\",\"slots\":5}", 400, "schema violation (slots: value should be between 10 and 65536)"),
        bad("POST", "/upstreams", JSON, "{\"name\":\"up.test\",\"hash_on\":\"header\"}", 400, "hash_on_header: required field missing"),
        bad("POST", "/plugins", JSON, "{\"name\":\"dummy\",\"config\":{\"nope\":1}}", 400, "schema violation (config.nope: unknown field)"),
        bad("POST", "/certificates", JSON, "{\"cert\":\"garbage\",\"key\":\"garbage\"}", 400, "invalid certificate"),
        bad("POST", "/snis", JSON, "{\"name\":\"*.a.*\"}", 400, "only one wildcard must be specified"),
        bad("GET", "/services?size=abc", null, "", 400, "size must be a number"),
        bad("GET", "/services?size=0", null, "", 400, "size must be an integer between 1 and 1000"),
        bad("GET", "/services?size=1001", null, "", 400, "size must be an integer between 1 and 1000"),
        bad("GET", "/services?offset=%25%25%25", null, "", 400, "is not a valid offset: bad base64 encoding"),
        bad("GET", "/services?tags=a,b/c", null, "", 400, "invalid option (tags: invalid filter syntax)"),
        bad("GET", "/services?tags=a,b,c,d,e,f", null, "", 400, "invalid option (tags: cannot query more than 5 tags)"),
        bad("GET", "/nope", null, "", 404, "Not found"),
        bad("DELETE", "/", null, "", 405, "Method not allowed"),
        bad("PATCH", "/services/ghost", JSON, "{\"retries\":1}", 404, "could not find the entity with '{name=\"ghost\"}'"),
        bad("GET", "/targets", null, "", 404, "Not found"));
  }

  @ParameterizedTest(name = "{0} {1} {3} -> {4}")
  @MethodSource("cases")
  void rejected_with_kong_shape_and_nothing_stored(String method, String path, String contentType, String body, int status, String expected) {
    long version = gw.store.version();
    HttpRequest.Builder b = HttpRequest.newBuilder(api.uri(path))
        .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    Resp r = api.send(b);
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    if (status == 400 || status == 404 || status == 405 || status == 409) {
      String message = r.json().path("message").asText();
      assertThat(message).as(r.toString()).contains(expected);
      if (r.json().has("code")) {
        assertThat(r.json().get("name").isTextual()).isTrue();
        if (r.json().get("code").asInt() == 2) {
          assertThat(r.json().get("fields").isObject()).as("schema violations carry fields").isTrue();
        }
      }
    }
    assertThat(gw.store.version()).as("nothing stored").isEqualTo(version);
  }

  @org.junit.jupiter.api.Test
  void two_content_type_headers_are_rejected() throws Exception {
    long version = gw.store.version();
    try (var s = new java.net.Socket("127.0.0.1", gw.admin.address().getPort())) {
      String body = "{\"host\":\"a.test\"}";
      String req = "POST /services HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Type: text/plain\r\n"
          + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body;
      s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
      String resp = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(resp).startsWith("HTTP/1.1 400").contains("Multiple Content-Type headers not allowed");
    }
    assertThat(gw.store.version()).isEqualTo(version);
  }

  @org.junit.jupiter.api.Test
  void malformed_request_line_gets_400_and_server_keeps_serving() throws Exception {
    try (var s = new java.net.Socket("127.0.0.1", gw.admin.address().getPort())) {
      s.getOutputStream().write("GARBAGE\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String resp = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(resp).startsWith("HTTP/1.1 400");
    }
    assertThat(api.get("/services/existing").status()).isEqualTo(200);
  }
}
