package io.gatehouse.plugins.awslambda;

import io.gatehouse.plugins.functioncall.FunctionHttp;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Calls Lambda's Invoke API ({@code POST /2015-03-31/functions/{name}/invocations}) for one plugin
 * instance: credentials are resolved and the request signed (SigV4, by the AWS SDK's signer) on a
 * virtual thread, and the JDK client sends it without blocking; nothing here runs on the event loop.
 */
final class LambdaClient {
  /** What Lambda answered; header names are case-insensitive. */
  record Reply(int status, Map<String, List<String>> headers, byte[] body) {}

  private static final ExecutorService SIGNING = Executors.newVirtualThreadPerTaskExecutor();
  private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

  private final AwsLambdaConfig config;
  private final @Nullable String region;
  private final String scheme;
  private final String host;
  private final int port;
  private final Duration timeout;
  private final LambdaCredentials credentials;
  private final HttpClient http;

  LambdaClient(AwsLambdaConfig config, @Nullable String envRegion) {
    this.config = config;
    this.region = config.awsRegion() != null ? config.awsRegion() : envRegion;
    this.scheme = AwsLambdaConfig.on(config.disableHttps()) ? "http" : "https";
    this.host = config.host() != null ? config.host() : "lambda." + region + ".amazonaws.com";
    this.port = config.port() == null ? 443 : config.port();
    this.timeout = Duration.ofMillis(Math.max(1, (long) config.timeout()));
    this.credentials = LambdaCredentials.of(config, region);
    this.http = FunctionHttp.client(false, config.proxyUrl()); // Kong calls Lambda with ssl_verify = false
  }

  /**
   * Invokes the function with this JSON payload, sent through the request's {@code calls} (traced
   * under {@code http_client}); fails on connection errors, timeouts and bad settings.
   */
  CompletableFuture<Reply> invoke(io.gatehouse.sdk.HttpCalls calls, byte[] payload) {
    if (region == null) return CompletableFuture.failedFuture(new IllegalStateException("no region specified"));
    if (config.functionName() == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("no function_name specified"));
    }
    return credentials.resolve(SIGNING)
        .thenApplyAsync(identity -> sign(identity, payload), SIGNING)
        .thenCompose(request -> calls.send(http, request, HttpResponse.BodyHandlers.ofByteArray()))
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .thenApply(r -> {
          Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
          headers.putAll(r.headers().map());
          return new Reply(r.statusCode(), headers, r.body());
        });
  }

  private HttpRequest sign(AwsCredentialsIdentity identity, byte[] payload) {
    SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder()
        .method(SdkHttpMethod.POST)
        .protocol(scheme)
        .host(host)
        .port(port)
        .encodedPath("/2015-03-31/functions/" + SdkHttpUtils.urlEncode(config.functionName()) + "/invocations")
        .putHeader("X-Amz-Invocation-Type", config.invocationType())
        .putHeader("X-Amz-Log-Type", config.logType())
        .putHeader("Content-Type", "application/json");
    if (config.qualifier() != null) unsigned.putRawQueryParameter("Qualifier", config.qualifier());
    SignedRequest signed = SIGNER.sign(r -> r.identity(identity)
        .request(unsigned.build())
        .payload(ContentStreamProvider.fromByteArrayUnsafe(payload))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "lambda")
        .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    SdkHttpRequest request = signed.request();
    HttpRequest.Builder out = HttpRequest.newBuilder(request.getUri())
        .timeout(timeout)
        .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
    // the JDK client writes Host and Content-Length itself, from the same URI and body the signer saw
    request.forEachHeader((name, values) -> {
      if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
        values.forEach(v -> out.header(name, v));
      }
    });
    return out.build();
  }
}
