package io.gatehouse.plugins.httplog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.logqueue.BatchSender;
import io.gatehouse.plugins.logqueue.UnverifiedTls;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
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

/**
 * Sends a batch to the http-log endpoint: one JSON object when {@code max_batch_size} is 1, a JSON
 * array otherwise. A status of 300 or more counts as a failure, so the queue retries. As in Kong,
 * the log server's certificate is not verified; credentials in the URL become Basic auth.
 */
final class HttpLogSender implements BatchSender {
  private final HttpClient client;
  private final URI endpoint;
  private final String method;
  private final Duration timeout;
  private final boolean singleEntries;
  private final Map<String, String> headers = new LinkedHashMap<>();

  HttpLogSender(HttpLogConfig config) {
    this.timeout = Duration.ofMillis(Math.max(1, (long) config.timeout()));
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(timeout)
        .sslContext(UnverifiedTls.context())
        .build();
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
  public void send(List<JsonNode> batch) throws IOException, InterruptedException {
    JsonNode payload;
    if (singleEntries && batch.size() == 1) {
      payload = batch.getFirst();
    } else {
      ArrayNode array = Json.array();
      array.addAll(batch);
      payload = array;
    }
    byte[] body = Json.MAPPER.writeValueAsBytes(payload);
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(timeout)
        .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IOException("request to " + endpoint.getHost() + ":" + endpoint.getPort() + " returned status code "
          + response.statusCode() + " and body " + response.body());
    }
  }

  private static URI withoutUserInfo(URI uri) {
    try {
      return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getRawPath() == null ? null : uri.getPath(),
          uri.getQuery(), null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
