package io.gatehouse.plugins.awslambda;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.PluginGateway;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * aws-lambda against a Lambda-compatible endpoint that verifies every SigV4 signature with the AWS
 * SDK (Kong 3.9 {@code kong/plugins/aws-lambda}, spec/03-plugins/27-aws-lambda/99-access_spec.lua).
 */
class AwsLambdaIT {
  static final String KEY = "AKIDGATEHOUSETEST01";
  static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  static PluginGateway gw;
  static FakeLambda lambda;
  static FakeLambda tlsLambda;
  /** A forward proxy for plain HTTP (absolute-form request targets) that counts what it relays. */
  static com.sun.net.httpserver.HttpServer forwardProxy;
  static final java.util.concurrent.atomic.AtomicInteger proxied = new java.util.concurrent.atomic.AtomicInteger();
  static final CountDownLatch slowRelease = new CountDownLatch(1);

  @BeforeAll
  static void start() throws Exception {
    lambda = new FakeLambda();
    lambda.user(KEY, SECRET);
    // echoes the event it got, as the function's JSON result
    lambda.function("echo", inv -> FakeLambda.Result.json(new String(inv.payload(), StandardCharsets.UTF_8)));
    lambda.function("echo-raw", inv -> new FakeLambda.Result(200, Map.of("Content-Type", "application/octet-stream"), inv.payload()));
    lambda.function("arn:aws:lambda:us-east-1:123456789012:function:by-arn",
        inv -> FakeLambda.Result.json("{\"arn\":true}"));
    lambda.function("unhandled", inv -> new FakeLambda.Result(200,
        Map.of("Content-Type", "application/json", "X-Amz-Function-Error", "Unhandled"),
        "{\"errorMessage\":\"boom\",\"errorType\":\"Error\"}".getBytes()));
    lambda.function("text", inv -> FakeLambda.Result.json("\"just text\""));
    lambda.function("empty-arrays", inv -> FakeLambda.Result.json("{\"list\":[],\"nested\":{\"x\":[]},\"full\":[1]}"));
    lambda.function("plain", inv -> new FakeLambda.Result(200, Map.of("Content-Type", "text/plain"), "[] as text".getBytes()));
    lambda.function("proxy", inv -> FakeLambda.Result.json("{\"statusCode\":201,\"headers\":{\"X-Custom\":\"yes\",\"x-amzn-RequestId\":\"mine\","
        + "\"Transfer-Encoding\":\"chunked\",\"Age\":3600},\"multiValueHeaders\":{\"Set-Cookie\":[\"a=1\",\"b=2\"]},\"cookies\":[\"c=3\"],"
        + "\"body\":\"" + Base64.getEncoder().encodeToString("<p>hi</p>".getBytes()) + "\",\"isBase64Encoded\":true}"));
    lambda.function("proxy-string-status", inv -> FakeLambda.Result.json("{\"statusCode\":\"202\",\"body\":\"ok\",\"multiValueHeaders\":null}"));
    lambda.function("proxy-bad-json", inv -> new FakeLambda.Result(200, Map.of(), "{\"statusCode\":200".getBytes()));
    lambda.function("proxy-bad-body", inv -> FakeLambda.Result.json("{\"statusCode\":200,\"body\":{\"a\":1}}"));
    lambda.function("proxy-bad-base64-flag", inv -> FakeLambda.Result.json("{\"statusCode\":200,\"body\":\"x\",\"isBase64Encoded\":\"abc\"}"));
    lambda.function("proxy-empty", inv -> new FakeLambda.Result(200, Map.of(), new byte[0]));
    lambda.function("slow", inv -> {
      try {
        slowRelease.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return FakeLambda.Result.json("{\"slow\":true}");
    });

    tlsLambda = new FakeLambda(true);
    tlsLambda.user(KEY, SECRET);
    tlsLambda.function("echo", inv -> FakeLambda.Result.json(new String(inv.payload(), StandardCharsets.UTF_8)));

    forwardProxy = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    java.net.http.HttpClient relay = java.net.http.HttpClient.newHttpClient();
    forwardProxy.createContext("/", x -> {
      try (x) {
        proxied.incrementAndGet();
        HttpRequest.Builder out = HttpRequest.newBuilder(x.getRequestURI())
            .method(x.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(x.getRequestBody().readAllBytes()));
        x.getRequestHeaders().forEach((name, values) -> {
          if (!java.util.Set.of("host", "content-length", "connection", "proxy-connection").contains(name.toLowerCase())) {
            values.forEach(v -> out.header(name, v));
          }
        });
        HttpResponse<byte[]> answer = relay.send(out.build(), HttpResponse.BodyHandlers.ofByteArray());
        answer.headers().map().forEach((name, values) -> {
          if (!java.util.Set.of("content-length", "connection", "transfer-encoding", ":status").contains(name.toLowerCase())) {
            values.forEach(v -> x.getResponseHeaders().add(name, v));
          }
        });
        x.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
        if (answer.body().length > 0) x.getResponseBody().write(answer.body());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    forwardProxy.start();

    gw = new PluginGateway();
    lambdaRoute("/via-proxy", "\"function_name\":\"echo\",\"proxy_url\":\"http://127.0.0.1:" + forwardProxy.getAddress().getPort() + "\"");
    // https (the default), to a self-signed endpoint named otherwise: Kong's ssl_verify = false
    gw.plugin("aws-lambda", "{\"aws_key\":\"" + KEY + "\",\"aws_secret\":\"" + SECRET + "\",\"aws_region\":\"us-east-1\","
        + "\"host\":\"127.0.0.1\",\"port\":" + tlsLambda.port() + ",\"function_name\":\"echo\"}",
        ref("route", gw.insert("routes", "{\"paths\":[\"/over-tls\"]}")));
    lambdaRoute("/plain-args", "\"function_name\":\"echo\"");
    lambdaRoute("/raw-args", "\"function_name\":\"echo-raw\"");
    lambdaRoute("/by-arn", "\"function_name\":\"arn:aws:lambda:us-east-1:123456789012:function:by-arn\"");
    lambdaRoute("/forward", "\"function_name\":\"echo\",\"forward_request_method\":true,\"forward_request_uri\":true,"
        + "\"forward_request_headers\":true,\"forward_request_body\":true");
    lambdaRoute("/forward-raw", "\"function_name\":\"echo\",\"forward_request_body\":true,\"base64_encode_body\":false");
    lambdaRoute("/event", "\"function_name\":\"echo\",\"invocation_type\":\"Event\",\"qualifier\":\"prod\"");
    lambdaRoute("/dryrun", "\"function_name\":\"echo\",\"invocation_type\":\"DryRun\",\"log_type\":\"None\"");
    lambdaRoute("/unhandled", "\"function_name\":\"unhandled\"");
    lambdaRoute("/unhandled-412", "\"function_name\":\"unhandled\",\"unhandled_status\":412");
    lambdaRoute("/text", "\"function_name\":\"text\"");
    lambdaRoute("/legacy-arrays", "\"function_name\":\"empty-arrays\"");
    lambdaRoute("/correct-arrays", "\"function_name\":\"empty-arrays\",\"empty_arrays_mode\":\"correct\"");
    lambdaRoute("/plain-text", "\"function_name\":\"plain\"");
    for (String f : new String[] {"proxy", "proxy-string-status", "proxy-bad-json", "proxy-bad-body",
        "proxy-bad-base64-flag", "proxy-empty"}) {
      lambdaRoute("/" + f, "\"function_name\":\"" + f + "\",\"is_proxy_integration\":true");
    }
    lambdaRoute("/missing", "\"function_name\":\"no-such-function\"");
    lambdaRoute("/slow", "\"function_name\":\"slow\",\"timeout\":5000");
    lambdaRoute("/slow-timeout", "\"function_name\":\"slow\",\"timeout\":300");
    gw.plugin("aws-lambda", config("\"function_name\":\"echo\"").replace(SECRET, "wrong-secret"),
        ref("route", gw.insert("routes", "{\"paths\":[\"/bad-secret\"]}")));
    gw.plugin("aws-lambda", config("\"function_name\":\"echo\",\"awsgateway_compatible\":true"),
        ref("route", gw.insert("routes", "{\"paths\":[\"~/apigw/(?<item>[a-z]+)$\"]}")));
    gw.plugin("aws-lambda", config("\"function_name\":\"echo\",\"awsgateway_compatible\":true,"
            + "\"awsgateway_compatible_payload_version\":\"2.0\""),
        ref("route", gw.insert("routes", "{\"paths\":[\"~/apigw2/(?<item>[a-z]+)$\"]}")));
    gw.plugin("aws-lambda", config("\"function_name\":\"echo\",\"aws_assume_role_arn\":\"arn:aws:iam::123456789012:role/invoker\","
            + "\"aws_role_session_name\":\"gatehouse\",\"aws_sts_endpoint_url\":\"http://127.0.0.1:" + lambda.port() + "/\""),
        ref("route", gw.insert("routes", "{\"paths\":[\"/assumed\"]}")));
    // no aws_key: the AWS SDK's default chain, here its first link (the aws.* system properties)
    lambda.session("ASIADEFAULTCHAIN01", "chain-secret", "chain-token");
    System.setProperty("aws.accessKeyId", "ASIADEFAULTCHAIN01");
    System.setProperty("aws.secretAccessKey", "chain-secret");
    System.setProperty("aws.sessionToken", "chain-token");
    gw.plugin("aws-lambda", "{\"aws_region\":\"us-east-1\",\"host\":\"127.0.0.1\",\"port\":" + lambda.port()
        + ",\"disable_https\":true,\"function_name\":\"echo\"}", ref("route", gw.insert("routes", "{\"paths\":[\"/default-chain\"]}")));
    gw.serviceAndRoute("/proxied"); // an ordinary route on the same (single) event loop
    gw.apply();
  }

  /** A serviceless route with the plugin pointed at the fake over http, region us-east-1. */
  static void lambdaRoute(String path, String fields) {
    gw.plugin("aws-lambda", config(fields), ref("route", gw.insert("routes", "{\"paths\":[\"" + path + "\"]}")));
  }

  static String config(String fields) {
    return "{\"aws_key\":\"" + KEY + "\",\"aws_secret\":\"" + SECRET + "\",\"aws_region\":\"us-east-1\","
        + "\"host\":\"127.0.0.1\",\"port\":" + lambda.port() + ",\"disable_https\":true," + fields + "}";
  }

  @AfterAll
  static void stop() {
    for (String p : new String[] {"aws.accessKeyId", "aws.secretAccessKey", "aws.sessionToken"}) System.clearProperty(p);
    slowRelease.countDown();
    if (gw != null) gw.close();
    if (lambda != null) lambda.close();
    if (tlsLambda != null) tlsLambda.close();
    if (forwardProxy != null) forwardProxy.stop(0);
  }

  static HttpResponse<String> post(String path, String contentType, byte[] body, String... headers) {
    String[] all = new String[headers.length + 2];
    all[0] = "Content-Type";
    all[1] = contentType;
    System.arraycopy(headers, 0, all, 2, headers.length);
    return gw.send("POST", path, HttpRequest.BodyPublishers.ofByteArray(body), all);
  }

  @Test
  void get_sends_the_query_arguments_and_answers_with_the_function_result_and_lambda_headers() throws Exception {
    int bad = lambda.badSignatures.get();
    HttpResponse<String> r = gw.get("/plain-args?key1=some_value1&key2=a&key2=b&flag");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = Json.parse(r.body());
    assertThat(body.get("key1").asText()).isEqualTo("some_value1");
    assertThat(body.get("key2")).hasToString("[\"a\",\"b\"]");
    assertThat(body.get("flag").asBoolean()).isTrue();
    assertThat(r.headers().firstValue("x-amzn-RequestId")).isPresent();
    assertThat(r.headers().firstValue("X-Amz-Executed-Version")).hasValue("$LATEST");
    assertThat(new String(Base64.getDecoder().decode(r.headers().firstValue("X-Amz-Log-Result").orElseThrow())))
        .startsWith("START RequestId:");
    assertThat(r.headers().firstValue("X-Amz-Function-Error")).isEmpty();
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(r.headers().firstValue("Content-Length")).hasValue(String.valueOf(r.body().length()));
    FakeLambda.Invocation inv = lambda.next();
    assertThat(inv.function()).isEqualTo("echo");
    assertThat(inv.invocationType()).isEqualTo("RequestResponse");
    assertThat(inv.logType()).isEqualTo("Tail");
    assertThat(inv.qualifier()).isNull();
    assertThat(lambda.badSignatures.get()).isEqualTo(bad);
  }

  @Test
  void https_is_the_default_and_the_endpoint_certificate_is_not_verified() throws Exception {
    HttpResponse<String> r = gw.get("/over-tls?via=tls");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(Json.parse(r.body()).get("via").asText()).isEqualTo("tls");
    assertThat(tlsLambda.next().function()).isEqualTo("echo");
    assertThat(tlsLambda.badSignatures.get()).isZero();
  }

  @Test
  void proxy_url_carries_the_signed_call() throws Exception {
    int before = proxied.get();
    int bad = lambda.badSignatures.get();
    HttpResponse<String> r = gw.get("/via-proxy?p=1");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(Json.parse(r.body()).get("p").asText()).isEqualTo("1");
    assertThat(proxied.get()).isEqualTo(before + 1);
    assertThat(lambda.badSignatures.get()).isEqualTo(bad);
  }

  @Test
  void body_arguments_override_query_arguments_for_forms_and_json() {
    JsonNode form = Json.parse(post("/plain-args?key1=from_query&key0=q", "application/x-www-form-urlencoded",
        "key1=from_body&key2=v2".getBytes()).body());
    assertThat(form.get("key1").asText()).isEqualTo("from_body");
    assertThat(form.get("key0").asText()).isEqualTo("q");
    assertThat(form.get("key2").asText()).isEqualTo("v2");
    JsonNode json = Json.parse(post("/plain-args", "application/json", "{\"key1\":\"some_value_json1\",\"n\":[1,2]}".getBytes()).body());
    assertThat(json.get("key1").asText()).isEqualTo("some_value_json1");
    assertThat(json.get("n")).hasToString("[1,2]");
    // Kong's "passes empty json arrays unmodified" (a payload Lambda does not call JSON is not re-encoded)
    assertThat(post("/raw-args", "application/json", "[{}, []]".getBytes()).body()).isEqualTo("[{},[]]");
  }

  @Test
  void a_function_arn_is_sent_encoded_in_the_path_and_signed_as_such() {
    int bad = lambda.badSignatures.get();
    HttpResponse<String> r = gw.get("/by-arn");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"arn\":true}");
    assertThat(lambda.badSignatures.get()).isEqualTo(bad);
  }

  @Test
  void forward_request_fields_carry_method_uri_headers_and_body() {
    JsonNode xml = Json.parse(post("/forward?key1=from_querystring", "application/xml", "<xml/>".getBytes(),
        "custom-header", "someheader").body());
    assertThat(xml.get("request_method").asText()).isEqualTo("POST");
    assertThat(xml.get("request_uri").asText()).isEqualTo("/forward?key1=from_querystring");
    assertThat(xml.get("request_uri_args").get("key1").asText()).isEqualTo("from_querystring");
    assertThat(xml.get("request_headers").get("custom-header").asText()).isEqualTo("someheader");
    assertThat(xml.get("request_headers").get("host").asText()).startsWith("127.0.0.1");
    assertThat(xml.get("request_body").asText()).isEqualTo("<xml/>");
    assertThat(xml.get("request_body_args").isObject()).isTrue();
    assertThat(xml.has("request_body_base64")).isFalse();

    JsonNode binary = Json.parse(post("/forward", "application/octet-stream", "01234".getBytes()).body());
    assertThat(binary.get("request_body").asText()).isEqualTo(Base64.getEncoder().encodeToString("01234".getBytes()));
    assertThat(binary.get("request_body_base64").asBoolean()).isTrue();

    JsonNode json = Json.parse(post("/forward", "application/json", "{\"key2\":\"some_value\"}".getBytes()).body());
    assertThat(json.get("request_body_args").get("key2").asText()).isEqualTo("some_value");
    assertThat(json.get("request_body").asText()).isEqualTo("{\"key2\":\"some_value\"}");

    JsonNode raw = Json.parse(post("/forward-raw", "application/octet-stream", "01234".getBytes()).body());
    assertThat(raw.get("request_body").asText()).isEqualTo("01234");
    assertThat(raw.has("request_method")).isFalse();
  }

  @Test
  void bodies_past_the_buffer_size_are_skipped_like_kongs_bodies_on_disk() {
    byte[] large = "x".repeat(AwsLambdaPlugin.BODY_BUFFER_SIZE + 1).getBytes();
    JsonNode r = Json.parse(post("/forward", "text/plain", large).body());
    assertThat(r.has("request_body")).isFalse();
    assertThat(r.get("request_method").asText()).isEqualTo("POST");
  }

  @Test
  void awsgateway_compatible_sends_an_api_gateway_proxy_event() {
    HttpResponse<String> r = post("/apigw/books?a=1&a=2&b=x", "text/plain", "hello".getBytes(), "X-Multi", "one");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode e = Json.parse(r.body());
    assertThat(e.get("version").asText()).isEqualTo("1.0");
    assertThat(e.get("httpMethod").asText()).isEqualTo("POST");
    assertThat(e.get("path").asText()).isEqualTo("/apigw/books");
    assertThat(e.get("pathParameters")).hasToString("{\"item\":\"books\"}");
    assertThat(e.get("queryStringParameters")).hasToString("{\"a\":\"1\",\"b\":\"x\"}");
    assertThat(e.get("multiValueQueryStringParameters").get("a")).hasToString("[\"1\",\"2\"]");
    assertThat(e.get("headers").get("x-multi").asText()).isEqualTo("one");
    assertThat(e.get("multiValueHeaders").get("x-multi")).hasToString("[\"one\"]");
    assertThat(e.get("body").asText()).isEqualTo(Base64.getEncoder().encodeToString("hello".getBytes()));
    assertThat(e.get("isBase64Encoded").asBoolean()).isTrue();
    JsonNode ctx = e.get("requestContext");
    assertThat(ctx.get("httpMethod").asText()).isEqualTo("POST");
    assertThat(ctx.get("domainName").asText()).isEqualTo("127.0.0.1");
    assertThat(ctx.get("requestId").asText()).isEqualTo(r.headers().firstValue("X-Kong-Request-Id").orElseThrow());
    assertThat(ctx.get("identity").get("sourceIp").asText()).isEqualTo("127.0.0.1");
    assertThat(ctx.get("requestTime").asText()).matches("\\d\\d/[A-Z][a-z]{2}/\\d{4}:\\d\\d:\\d\\d:\\d\\d \\+0000");
    assertThat(ctx.get("requestTimeEpoch").asLong()).isPositive();
  }

  @Test
  void payload_version_2_sends_the_http_api_event() {
    HttpResponse<String> r = post("/apigw2/books?a=1&a=2&b=x", "text/plain", "hello".getBytes(),
        "X-Multi", "one", "X-Multi", "two", "Cookie", "c1=v1; c2=v2");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode e = Json.parse(r.body());
    assertThat(e.get("version").asText()).isEqualTo("2.0");
    assertThat(e.get("routeKey").asText()).isEqualTo("$default");
    assertThat(e.get("rawPath").asText()).isEqualTo("/apigw2/books");
    assertThat(e.get("rawQueryString").asText()).isEqualTo("a=1&a=2&b=x");
    assertThat(e.get("queryStringParameters")).hasToString("{\"a\":\"1,2\",\"b\":\"x\"}");
    assertThat(e.get("headers").get("x-multi").asText()).isEqualTo("one,two");
    assertThat(e.get("headers").has("cookie")).isFalse();
    assertThat(e.get("cookies")).hasToString("[\"c1=v1\",\"c2=v2\"]");
    assertThat(e.get("pathParameters")).hasToString("{\"item\":\"books\"}");
    assertThat(e.get("body").asText()).isEqualTo(Base64.getEncoder().encodeToString("hello".getBytes()));
    assertThat(e.get("isBase64Encoded").asBoolean()).isTrue();
    JsonNode http = e.get("requestContext").get("http");
    assertThat(http.get("method").asText()).isEqualTo("POST");
    assertThat(http.get("path").asText()).isEqualTo("/apigw2/books");
    assertThat(http.get("sourceIp").asText()).isEqualTo("127.0.0.1");
    assertThat(e.get("requestContext").get("requestId").asText()).isEqualTo(r.headers().firstValue("X-Kong-Request-Id").orElseThrow());
    assertThat(e.has("multiValueHeaders")).isFalse();
  }

  @Test
  void event_and_dry_run_answer_202_and_204_with_lambda_headers_and_the_qualifier() throws Exception {
    lambda.invocations.clear();
    HttpResponse<String> event = gw.get("/event?x=1");
    assertThat(event.statusCode()).isEqualTo(202);
    assertThat(event.body()).isEmpty();
    assertThat(event.headers().firstValue("x-amzn-RequestId")).isPresent();
    assertThat(event.headers().firstValue("X-Amz-Executed-Version")).hasValue("prod");
    FakeLambda.Invocation inv = lambda.next();
    assertThat(inv.invocationType()).isEqualTo("Event");
    assertThat(inv.qualifier()).isEqualTo("prod");
    HttpResponse<String> dry = gw.get("/dryrun");
    assertThat(dry.statusCode()).isEqualTo(204);
    assertThat(dry.headers().firstValue("x-amzn-RequestId")).isPresent();
    assertThat(lambda.next().logType()).isEqualTo("None");
  }

  @Test
  void an_unhandled_function_error_keeps_200_unless_unhandled_status_is_set() {
    HttpResponse<String> r = gw.get("/unhandled");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Amz-Function-Error")).hasValue("Unhandled");
    assertThat(Json.parse(r.body()).get("errorMessage").asText()).isEqualTo("boom");
    HttpResponse<String> custom = gw.get("/unhandled-412");
    assertThat(custom.statusCode()).isEqualTo(412);
    assertThat(custom.headers().firstValue("X-Amz-Function-Error")).hasValue("Unhandled");
  }

  @Test
  void json_payloads_are_decoded_so_a_json_string_goes_out_as_text() {
    assertThat(gw.get("/text").body()).isEqualTo("just text");
  }

  @Test
  void empty_arrays_mode_legacy_writes_empty_json_arrays_as_objects() {
    assertThat(gw.get("/legacy-arrays").body()).isEqualTo("{\"list\":{},\"nested\":{\"x\":{}},\"full\":[1]}");
    assertThat(gw.get("/correct-arrays").body()).isEqualTo("{\"list\":[],\"nested\":{\"x\":[]},\"full\":[1]}");
    assertThat(gw.get("/plain-text").body()).isEqualTo("[] as text");
  }

  @Test
  void proxy_integration_maps_status_headers_multi_value_headers_and_base64_body() {
    HttpResponse<String> r = gw.get("/proxy");
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.body()).isEqualTo("<p>hi</p>");
    assertThat(r.headers().firstValue("X-Custom")).hasValue("yes");
    assertThat(r.headers().firstValue("Age")).hasValue("3600");
    assertThat(r.headers().firstValue("x-amzn-RequestId")).hasValue("mine"); // the function's value wins
    assertThat(r.headers().allValues("Set-Cookie")).containsExactly("a=1", "b=2", "c=3");
    assertThat(r.headers().firstValue("Transfer-Encoding")).isEmpty();
    assertThat(r.headers().firstValue("Content-Length")).hasValue("9");
    HttpResponse<String> s = gw.get("/proxy-string-status");
    assertThat(s.statusCode()).isEqualTo(202);
    assertThat(s.body()).isEqualTo("ok");
  }

  @Test
  void proxy_integration_answers_502_for_payloads_it_cannot_read() {
    for (String path : new String[] {"/proxy-bad-json", "/proxy-bad-body", "/proxy-bad-base64-flag", "/proxy-empty"}) {
      HttpResponse<String> r = gw.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(502);
      JsonNode b = Json.parse(r.body());
      assertThat(b.get("message").asText()).isEqualTo("Bad Gateway");
      assertThat(b.get("error").asText()).startsWith("could not JSON decode Lambda function response: ");
    }
    assertThat(Json.parse(gw.get("/proxy-bad-base64-flag").body()).get("error").asText())
        .endsWith("isBase64Encoded must be a boolean");
    assertThat(Json.parse(gw.get("/proxy-bad-body").body()).get("error").asText()).endsWith("body must be a string");
  }

  @Test
  void lambda_errors_and_a_wrong_signature_answer_500() {
    int bad = lambda.badSignatures.get();
    HttpResponse<String> wrong = gw.get("/bad-secret");
    assertThat(wrong.statusCode()).isEqualTo(500);
    assertThat(Json.parse(wrong.body()).get("message").asText()).isEqualTo("An unexpected error occurred");
    assertThat(lambda.badSignatures.get()).isEqualTo(bad + 1); // the fake saw and refused the signature
    assertThat(gw.get("/missing").statusCode()).isEqualTo(500);
  }

  @Test
  void assumed_role_credentials_come_from_sts_and_sign_the_invocation() {
    int bad = lambda.badSignatures.get();
    HttpResponse<String> r = gw.get("/assumed?x=1");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(Json.parse(r.body()).get("x").asText()).isEqualTo("1");
    assertThat(gw.get("/assumed?x=2").statusCode()).isEqualTo(200);
    assertThat(lambda.assumeRoleCalls.get()).isEqualTo(1); // the session is reused
    assertThat(lambda.badSignatures.get()).isEqualTo(bad);
  }

  @Test
  void without_aws_key_the_sdk_default_chain_signs_with_a_session_token() {
    int bad = lambda.badSignatures.get();
    HttpResponse<String> r = gw.get("/default-chain?k=v");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(Json.parse(r.body()).get("k").asText()).isEqualTo("v");
    assertThat(lambda.badSignatures.get()).isEqualTo(bad);
  }

  @Test
  void the_call_does_not_block_the_event_loop_and_is_bounded_by_its_timeout() throws Exception {
    // the gateway has one event loop: a plain request is served while the function is still running
    int before = lambda.requests.get();
    CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> gw.get("/slow"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (lambda.requests.get() == before && System.nanoTime() < deadline) Thread.onSpinWait();
    assertThat(gw.get("/proxied").statusCode()).isEqualTo(200);
    assertThat(slow).isNotDone();
    long start = System.nanoTime();
    HttpResponse<String> timedOut = gw.get("/slow-timeout");
    assertThat(timedOut.statusCode()).isEqualTo(500);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(4000);
    slowRelease.countDown();
    assertThat(slow.get(10, TimeUnit.SECONDS).body()).isEqualTo("{\"slow\":true}");
  }

  @Test
  void schema_errors_are_kongs() {
    assertThatThrownBy(() -> gw.plugin("aws-lambda", "{\"aws_key\":\"k\",\"function_name\":\"f\"}", ""))
        .isInstanceOf(KongException.class)
        .hasMessageContaining("all or none of these fields must be set: 'config.aws_key', 'config.aws_secret'");
    assertThatThrownBy(() -> gw.plugin("aws-lambda", "{\"proxy_url\":\"https://proxy:3128\"}", ""))
        .hasMessageContaining("proxy_url scheme must be http");
    assertThatThrownBy(() -> gw.plugin("aws-lambda", "{\"unhandled_status\":99}", ""))
        .hasMessageContaining("value should be between 100 and 999");
    assertThatThrownBy(() -> gw.plugin("aws-lambda", "{\"invocation_type\":\"Later\"}", ""))
        .hasMessageContaining("expected one of: RequestResponse, Event, DryRun");
    JsonNode defaults = gw.plugin("aws-lambda", "{\"function_name\":\"f\"}", "").get("config");
    assertThat(defaults.get("timeout").asInt()).isEqualTo(60000);
    assertThat(defaults.get("keepalive").asInt()).isEqualTo(60000);
    assertThat(defaults.get("port").asInt()).isEqualTo(443);
    assertThat(defaults.get("invocation_type").asText()).isEqualTo("RequestResponse");
    assertThat(defaults.get("log_type").asText()).isEqualTo("Tail");
    assertThat(defaults.get("aws_role_session_name").asText()).isEqualTo("kong");
    assertThat(defaults.get("skip_large_bodies").asBoolean()).isTrue();
    assertThat(defaults.get("base64_encode_body").asBoolean()).isTrue();
    assertThat(defaults.get("aws_imds_protocol_version").asText()).isEqualTo("v1");
    assertThat(defaults.get("empty_arrays_mode").asText()).isEqualTo("legacy");
    assertThat(defaults.get("awsgateway_compatible_payload_version").asText()).isEqualTo("1.0");
    assertThat(defaults.get("aws_region").isNull()).isTrue();
  }
}
