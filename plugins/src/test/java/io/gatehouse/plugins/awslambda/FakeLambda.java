package io.gatehouse.plugins.awslambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.gatehouse.plugins.testing.SelfSignedTls;
import io.gatehouse.core.json.Json;
import io.gatehouse.net.FormCodec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * A Lambda-compatible endpoint on 127.0.0.1: Lambda's Invoke REST API
 * ({@code POST /2015-03-31/functions/{name}/invocations}, {@code X-Amz-Invocation-Type},
 * {@code X-Amz-Log-Type}, {@code ?Qualifier=}, {@code 202}/{@code 204} for Event/DryRun,
 * {@code X-Amz-Function-Error}, {@code x-amzn-RequestId}, {@code ResourceNotFoundException}) and
 * STS {@code AssumeRole}. Every request's SigV4 signature is recomputed with the AWS SDK's own
 * signer from what arrived and the secret of the access key it names; a mismatch answers 403 as AWS
 * does and is counted.
 */
final class FakeLambda implements AutoCloseable {
  /** One invocation as the function saw it. */
  record Invocation(String function, @Nullable String qualifier, String invocationType, String logType,
      Map<String, List<String>> headers, byte[] payload) {
    JsonNode json() {
      return Json.MAPPER.valueToTree(parse(payload));
    }

    private static Object parse(byte[] b) {
      try {
        return Json.MAPPER.readValue(b, Object.class);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** What a function answers: status (200 normally), headers and payload bytes. */
  record Result(int status, Map<String, String> headers, byte[] body) {
    static Result json(String json) {
      return new Result(200, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
    }
  }

  static final String REGION = "us-east-1";
  private static final Pattern AUTH = Pattern.compile(
      "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})");
  private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);

  private final HttpServer server;
  private final Map<String, String> secrets = new ConcurrentHashMap<>();
  private final Map<String, String> sessionTokens = new ConcurrentHashMap<>();
  private final Map<String, Function<Invocation, Result>> functions = new ConcurrentHashMap<>();
  final BlockingQueue<Invocation> invocations = new LinkedBlockingQueue<>();
  final AtomicInteger badSignatures = new AtomicInteger();
  final AtomicInteger assumeRoleCalls = new AtomicInteger();
  final AtomicInteger requests = new AtomicInteger();

  private final String protocol;

  FakeLambda() throws IOException {
    this(false);
  }

  /** With {@code tls}: HTTPS with a self-signed certificate for {@code lambda.test} (not the address it is reached at). */
  FakeLambda(boolean tls) throws IOException {
    protocol = tls ? "https" : "http";
    if (tls) {
      HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      https.setHttpsConfigurator(new HttpsConfigurator(SelfSignedTls.context("lambda.test")));
      server = https;
    } else {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** An IAM user's key pair the fake accepts. */
  void user(String accessKey, String secret) {
    secrets.put(accessKey, secret);
  }

  /** Temporary credentials the fake accepts (the key, its secret and its session token). */
  void session(String accessKey, String secret, String token) {
    secrets.put(accessKey, secret);
    sessionTokens.put(accessKey, token);
  }

  void function(String name, Function<Invocation, Result> handler) {
    functions.put(name, handler);
  }

  Invocation next() throws InterruptedException {
    Invocation i = invocations.poll(10, TimeUnit.SECONDS);
    if (i == null) throw new AssertionError("no invocation reached the fake Lambda");
    return i;
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      requests.incrementAndGet();
      byte[] body = x.getRequestBody().readAllBytes();
      String service = x.getRequestURI().getRawPath().startsWith("/2015-03-31/functions/") ? "lambda" : "sts";
      String problem = verify(x, body, service);
      if (problem != null) {
        badSignatures.incrementAndGet();
        send(x, 403, Map.of("Content-Type", "application/json", "x-amzn-ErrorType", "InvalidSignatureException"),
            Json.MAPPER.writeValueAsBytes(Map.of("message", problem)));
        return;
      }
      if (service.equals("sts")) {
        assumeRole(x, body);
      } else {
        invoke(x, body);
      }
    }
  }

  private void invoke(HttpExchange x, byte[] body) throws IOException {
    Matcher m = Pattern.compile("^/2015-03-31/functions/([^/]+)/invocations$").matcher(x.getRequestURI().getRawPath());
    if (!m.matches()) {
      send(x, 404, Map.of("Content-Type", "application/json"), "{\"message\":\"unknown operation\"}".getBytes());
      return;
    }
    String name = FormCodec.decode(m.group(1));
    String rawQuery = x.getRequestURI().getRawQuery();
    List<String> qualifiers = rawQuery == null ? List.of() : FormCodec.parse(rawQuery).getOrDefault("Qualifier", List.of());
    String qualifier = qualifiers.isEmpty() ? null : qualifiers.getFirst();
    String type = header(x, "X-Amz-Invocation-Type", "RequestResponse");
    String logType = header(x, "X-Amz-Log-Type", "None");
    Map<String, List<String>> headers = new LinkedHashMap<>(x.getRequestHeaders());
    Invocation inv = new Invocation(name, qualifier, type, logType, headers, body);
    Function<Invocation, Result> fn = functions.get(name);
    String requestId = UUID.randomUUID().toString();
    if (fn == null) {
      send(x, 404, Map.of("Content-Type", "application/json", "x-amzn-RequestId", requestId,
              "x-amzn-ErrorType", "ResourceNotFoundException"),
          Json.MAPPER.writeValueAsBytes(Map.of("Type", "User",
              "Message", "Function not found: arn:aws:lambda:" + REGION + ":123456789012:function:" + name)));
      return;
    }
    invocations.add(inv);
    Result r = fn.apply(inv);
    Map<String, String> out = new LinkedHashMap<>(r.headers());
    out.put("x-amzn-RequestId", requestId);
    out.put("X-Amz-Executed-Version", qualifier == null ? "$LATEST" : qualifier);
    switch (type) {
      case "Event" -> send(x, 202, out, new byte[0]);
      case "DryRun" -> send(x, 204, out, new byte[0]);
      default -> {
        if (logType.equals("Tail")) {
          out.put("X-Amz-Log-Result", Base64.getEncoder().encodeToString(
              ("START RequestId: " + requestId + "\nEND RequestId: " + requestId + "\n").getBytes(StandardCharsets.UTF_8)));
        }
        send(x, r.status(), out, r.body());
      }
    }
  }

  /** STS AssumeRole: fresh session credentials the fake then accepts. */
  private void assumeRole(HttpExchange x, byte[] body) throws IOException {
    Map<String, List<String>> form = FormCodec.parse(new String(body, StandardCharsets.UTF_8));
    if (!List.of("AssumeRole").equals(form.get("Action")) || form.get("RoleArn") == null) {
      send(x, 400, Map.of("Content-Type", "text/xml"), "<ErrorResponse/>".getBytes());
      return;
    }
    assumeRoleCalls.incrementAndGet();
    String key = "ASIA" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase(Locale.ROOT);
    String secret = UUID.randomUUID().toString();
    String token = "session-of-" + form.get("RoleSessionName").getFirst() + "-" + UUID.randomUUID();
    secrets.put(key, secret);
    sessionTokens.put(key, token);
    String xml = "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
        + "<Credentials><AccessKeyId>" + key + "</AccessKeyId><SecretAccessKey>" + secret + "</SecretAccessKey>"
        + "<SessionToken>" + token + "</SessionToken><Expiration>" + java.time.Instant.now().plusSeconds(3600)
        + "</Expiration></Credentials><AssumedRoleUser><Arn>" + form.get("RoleArn").getFirst()
        + "</Arn></AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>";
    send(x, 200, Map.of("Content-Type", "text/xml"), xml.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Recomputes the request's SigV4 signature with the AWS SDK's {@link AwsV4HttpSigner} from the
   * method, path, query, signed headers and body that arrived; null when it matches.
   */
  private @Nullable String verify(HttpExchange x, byte[] body, String service) {
    String authorization = x.getRequestHeaders().getFirst("Authorization");
    String amzDate = x.getRequestHeaders().getFirst("X-Amz-Date");
    if (authorization == null || amzDate == null) return "Missing Authentication Token";
    Matcher m = AUTH.matcher(authorization);
    if (!m.matches()) return "malformed Authorization header";
    String key = m.group(1);
    if (!m.group(3).equals(REGION) || !m.group(4).equals(service)) return "wrong credential scope " + m.group(3) + "/" + m.group(4);
    String secret = secrets.get(key);
    if (secret == null) return "The security token included in the request is invalid.";
    String token = x.getRequestHeaders().getFirst("X-Amz-Security-Token");
    String expectedToken = sessionTokens.get(key);
    if (!java.util.Objects.equals(token, expectedToken)) return "The security token included in the request is invalid.";
    URI uri = x.getRequestURI();
    String hostHeader = x.getRequestHeaders().getFirst("Host");
    int colon = hostHeader.lastIndexOf(':');
    SdkHttpRequest.Builder request = SdkHttpRequest.builder()
        .method(SdkHttpMethod.fromValue(x.getRequestMethod()))
        .protocol(protocol)
        .host(colon < 0 ? hostHeader : hostHeader.substring(0, colon))
        .port(colon < 0 ? 80 : Integer.parseInt(hostHeader.substring(colon + 1)))
        .encodedPath(uri.getRawPath());
    if (uri.getRawQuery() != null) {
      FormCodec.parse(uri.getRawQuery()).forEach(request::putRawQueryParameter);
    }
    for (String signed : m.group(5).split(";")) {
      if (signed.equals("host") || signed.equals("x-amz-security-token")) continue; // the signer adds these
      List<String> values = x.getRequestHeaders().get(signed);
      if (values == null) return "signed header " + signed + " is missing";
      request.putHeader(signed, new ArrayList<>(values));
    }
    AwsCredentialsIdentity identity = token == null ? AwsBasicCredentials.create(key, secret)
        : AwsSessionCredentials.create(key, secret, token);
    Clock at = Clock.fixed(LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
    SdkHttpRequest expected = AwsV4HttpSigner.create().sign(r -> r.identity(identity)
        .request(request.build())
        .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
        .putProperty(AwsV4HttpSigner.REGION_NAME, REGION)
        .putProperty(HttpSigner.SIGNING_CLOCK, at)).request();
    String want = expected.firstMatchingHeader("Authorization").orElseThrow();
    return want.equals(authorization) ? null
        : "The request signature we calculated does not match the signature you provided.";
  }

  private static String header(HttpExchange x, String name, String fallback) {
    String v = x.getRequestHeaders().getFirst(name);
    return v == null ? fallback : v;
  }

  private static void send(HttpExchange x, int status, Map<String, String> headers, byte[] body) throws IOException {
    headers.forEach((k, v) -> x.getResponseHeaders().add(k, v));
    boolean empty = body.length == 0;
    x.sendResponseHeaders(status, empty ? -1 : body.length);
    if (!empty) x.getResponseBody().write(body);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
