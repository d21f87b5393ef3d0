package io.gatehouse.plugins.zipkin;

import io.gatehouse.plugins.logqueue.BatchSender;
import io.gatehouse.sdk.LogEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** POSTs a batch of spans to {@code http_endpoint} as a JSON array; anything but 2xx is a failure the queue retries. */
final class ZipkinSender implements BatchSender {
  private final URI endpoint;
  private final Duration connectTimeout;
  private final Duration timeout;
  private @Nullable HttpClient client;

  ZipkinSender(ZipkinConfig config) {
    this.endpoint = URI.create(config.httpEndpoint());
    this.connectTimeout = Duration.ofMillis(Math.max(1, config.connectTimeout()));
    this.timeout = Duration.ofMillis(Math.max(1, (long) config.sendTimeout() + config.readTimeout()));
  }

  @Override
  public void send(List<LogEntry> batch) throws IOException, InterruptedException {
    ByteArrayOutputStream spans = new ByteArrayOutputStream();
    spans.write('[');
    for (int i = 0; i < batch.size(); i++) {
      if (i > 0) spans.write(',');
      spans.writeBytes(batch.get(i).toJsonBytes());
    }
    spans.write(']');
    HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(spans.toByteArray()))
        .build();
    HttpResponse<String> response = client().send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() < 200 || response.statusCode() >= 300) {
      throw new IOException("zipkin server responded unexpectedly: " + response.statusCode() + " " + response.body());
    }
  }

  private synchronized HttpClient client() {
    if (client == null) {
      client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
    }
    return client;
  }
}
