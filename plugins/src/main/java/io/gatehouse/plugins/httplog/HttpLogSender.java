package io.gatehouse.plugins.httplog;

import io.gatehouse.sdk.LogEntry;
import io.gatehouse.plugins.logqueue.BatchSender;
import io.gatehouse.plugins.logqueue.UnverifiedTls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Sends a batch to the http-log endpoint: one JSON object when {@code max_batch_size} is 1, a JSON
 * array otherwise. A status of 300 or more counts as a failure, so the queue retries. As in Kong,
 * the log server's certificate is not verified; credentials in the URL become Basic auth.
 */
final class HttpLogSender implements BatchSender {
  private @Nullable HttpClient client; // built on the queue's thread when first needed, not on the event loop
  private final URI endpoint;
  private final String method;
  private final Duration timeout;
  private final boolean singleEntries;
  private final Map<String, String> headers = new LinkedHashMap<>();

  HttpLogSender(HttpLogConfig config) {
    this.timeout = Duration.ofMillis(Math.max(1, (long) config.timeout()));
    URI uri = URI.create(config.httpEndpoint());
    String userInfo = uri.getRawUserInfo();
    this.endpoint = withoutUserInfo(uri);
    this.method = config.method();
    this.singleEntries = config.effectiveQueue().maxBatchSize() == 1;
    headers.put("Content-Type", config.contentType());
    if (userInfo != null) {
      String decoded = URLDecoder.decode(userInfo, StandardCharsets.UTF_8);
      headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(decoded.getBytes(StandardCharsets.UTF_8)));
    }
    if (config.headers() != null) headers.putAll(config.headers());
  }

  @Override
  public void send(List<LogEntry> batch) throws IOException, InterruptedException {
    byte[] body;
    if (singleEntries && batch.size() == 1) {
      body = batch.getFirst().toJsonBytes();
    } else {
      ByteArrayOutputStream array = new ByteArrayOutputStream(512 * batch.size());
      array.write('[');
      for (int i = 0; i < batch.size(); i++) {
        if (i > 0) array.write(',');
        array.writeBytes(batch.get(i).toJsonBytes());
      }
      array.write(']');
      body = array.toByteArray();
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(timeout)
        .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    HttpResponse<String> response = client().send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IOException("request to " + endpoint.getHost() + ":" + endpoint.getPort() + " returned status code "
          + response.statusCode() + " and body " + response.body());
    }
  }

  private synchronized HttpClient client() {
    if (client == null) {
      client = HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(timeout)
          .sslContext(UnverifiedTls.context())
          .build();
    }
    return client;
  }

  /** The endpoint as given, minus its user info (raw path and query kept byte for byte). */
  private static URI withoutUserInfo(URI uri) {
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    return URI.create(uri.getScheme() + "://" + uri.getHost() + port + path + query);
  }
}
