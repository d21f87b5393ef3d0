package io.gatehouse.plugins.llm;

import io.gatehouse.plugins.llm.LlmConfig.Model;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * A chat call the gateway makes itself (Kong's {@code ai_introspect_body} and driver
 * {@code subrequest}): a system prompt and one user message, translated for the provider, sent with
 * the configured credentials by the JDK's non-blocking client, and the answer's first message
 * content returned. One client per plugin instance (its timeout, TLS and proxy settings).
 */
public final class LlmClient {
  private final HttpClient http;
  private final Duration timeout;

  /** The outcome: the answer's text and the OpenAI-format answer it came from (for usage). */
  public record Answer(String content, Map<String, @Nullable Object> openAi, long latencyMs) {}

  private record Settings(int timeoutMs, boolean verifyTls, @Nullable InetSocketAddress httpProxy,
      @Nullable InetSocketAddress httpsProxy) {}

  private static final java.util.concurrent.ConcurrentMap<Settings, LlmClient> SHARED =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** The client for these settings, made once (a config change does not start new HTTP clients). */
  public static LlmClient shared(int timeoutMs, boolean verifyTls, @Nullable InetSocketAddress httpProxy,
      @Nullable InetSocketAddress httpsProxy) {
    return SHARED.computeIfAbsent(new Settings(timeoutMs, verifyTls, httpProxy, httpsProxy),
        s -> new LlmClient(s.timeoutMs(), s.verifyTls(), s.httpProxy(), s.httpsProxy()));
  }

  public LlmClient(int timeoutMs, boolean verifyTls, @Nullable InetSocketAddress httpProxy,
      @Nullable InetSocketAddress httpsProxy) {
    this.timeout = Duration.ofMillis(timeoutMs);
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(timeout);
    if (!verifyTls) b.sslContext(trustAll());
    if (httpProxy != null || httpsProxy != null) b.proxy(new SchemeProxies(httpProxy, httpsProxy));
    this.http = b.build();
  }

  /**
   * Asks the model, sending through the request's {@code calls} (traced under {@code http_client}).
   * Completes with the answer, or exceptionally with an {@link LlmException} whose message is
   * Kong's ({@code failed to introspect request with AI service: status code 401}).
   */
  public CompletableFuture<Answer> chat(io.gatehouse.sdk.HttpCalls calls, LlmConfig.@Nullable Auth auth, Model model,
      String system, String user) {
    Driver driver = Drivers.of(model.provider());
    if (driver == null) {
      return CompletableFuture.failedFuture(new LlmException("could not instantiate kong.llm.drivers." + model.provider()
          + " package"));
    }
    Map<String, @Nullable Object> request = LlmJson.of("messages", List.of(LlmJson.of("role", "system", "content", system),
        LlmJson.of("role", "user", "content", user)), "stream", false);
    Translation.mergeOptions(request, model.options());
    Map<String, @Nullable Object> body = driver.toProvider(request, model, RouteType.CHAT);
    String url = model.options() != null && model.options().upstreamUrl() != null
        ? driver.upstreamUrl(model.options().upstreamUrl(), RouteType.CHAT) : driver.url(RouteType.CHAT, model, false);
    StringBuilder query = new StringBuilder();
    driver.queryArgs(model, n -> null).forEach((k, v) -> arg(query, k, v));
    if (auth != null && auth.paramName() != null && auth.paramValue() != null) {
      if ("body".equals(auth.paramLocation())) body.put(auth.paramName(), auth.paramValue());
      else if ("query".equals(auth.paramLocation())) arg(query, auth.paramName(), auth.paramValue());
    }
    if (!query.isEmpty()) url += (url.contains("?") ? "&" : "?") + query;
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
        .header("Accept", "application/json").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(LlmJson.bytes(body)));
    driver.headers(model).forEach(r::header);
    if (auth != null && auth.headerName() != null && auth.headerValue() != null) r.setHeader(auth.headerName(), auth.headerValue());
    long start = System.nanoTime();
    return calls.send(http, r.build(), HttpResponse.BodyHandlers.ofByteArray()).thenApply(res -> {
      if (res.statusCode() > 299) {
        throw new LlmException("failed to introspect request with AI service: status code " + res.statusCode());
      }
      byte[] translated;
      try {
        translated = driver.fromProvider(res.body(), model, RouteType.CHAT);
      } catch (LlmException e) {
        throw new LlmException("failed to convert AI response to Kong format: " + e.getMessage());
      }
      Map<String, @Nullable Object> answer = LlmJson.object(translated);
      List<?> choices = LlmJson.list(answer, "choices");
      String content = choices.isEmpty() ? null : LlmJson.string(LlmJson.map(choices.get(0), "message"), "content");
      if (content == null) throw new LlmException("no 'choices' in upstream AI service response");
      return new Answer(content, answer, (System.nanoTime() - start) / 1_000_000);
    });
  }

  /** Sends another request with this client's timeout, TLS and proxy settings (ai-response-transformer's upstream call). */
  public CompletableFuture<HttpResponse<byte[]>> send(HttpRequest.Builder request) {
    return send(request, timeout);
  }

  /** {@link #send(HttpRequest.Builder)} with its own time limit for the whole answer. */
  public CompletableFuture<HttpResponse<byte[]>> send(HttpRequest.Builder request, Duration answerTimeout) {
    return http.sendAsync(request.timeout(answerTimeout).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /**
   * Sends a request whose answer is read as it arrives (a streamed model answer); {@code headTimeout}
   * bounds the wait for the response head only. The body publisher must be subscribed to (and may
   * be cancelled, which closes the connection).
   */
  public CompletableFuture<HttpResponse<java.util.concurrent.Flow.Publisher<List<java.nio.ByteBuffer>>>> stream(
      HttpRequest.Builder request, Duration headTimeout) {
    return http.sendAsync(request.timeout(headTimeout).build(), HttpResponse.BodyHandlers.ofPublisher());
  }

  private static void arg(StringBuilder query, String name, String value) {
    if (!query.isEmpty()) query.append('&');
    query.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
  }

  /** {@code https_verify = false}: any certificate is accepted (the host name is still checked by the JDK). */
  private static SSLContext trustAll() {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      }}, new SecureRandom());
      return ctx;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Kong's {@code http_proxy_*} for http URLs and {@code https_proxy_*} for https ones. */
  private static final class SchemeProxies extends ProxySelector {
    private final @Nullable InetSocketAddress http;
    private final @Nullable InetSocketAddress https;

    SchemeProxies(@Nullable InetSocketAddress http, @Nullable InetSocketAddress https) {
      this.http = http;
      this.https = https;
    }

    @Override
    public List<java.net.Proxy> select(URI uri) {
      InetSocketAddress a = "https".equalsIgnoreCase(uri.getScheme()) ? https : http;
      return List.of(a == null ? java.net.Proxy.NO_PROXY : new java.net.Proxy(java.net.Proxy.Type.HTTP, a));
    }

    @Override
    public void connectFailed(URI uri, java.net.SocketAddress sa, java.io.IOException ioe) {}
  }
}
