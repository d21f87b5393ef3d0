package io.gatehouse.plugins.mtlsauth;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** HTTP for CRL downloads and OCSP queries: {@code http_timeout}, through {@code http(s)_proxy_*} when set. */
final class RevocationHttp {
  private static final Map<String, HttpClient> CLIENTS = new ConcurrentHashMap<>();

  private RevocationHttp() {}

  /** A request to {@code url} with the configured timeout. */
  static HttpRequest.Builder request(String url, MtlsAuthConfig c) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMillis(Math.max(1, (long) c.httpTimeout())));
  }

  static HttpResponse<byte[]> send(HttpRequest request, MtlsAuthConfig c) throws IOException, InterruptedException {
    return client(request.uri().getScheme(), c).send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  private static HttpClient client(String scheme, MtlsAuthConfig c) {
    boolean https = "https".equalsIgnoreCase(scheme);
    String host = https ? c.httpsProxyHost() : c.httpProxyHost();
    Integer port = https ? c.httpsProxyPort() : c.httpProxyPort();
    String key = host == null || port == null ? "" : host + ":" + port;
    return CLIENTS.computeIfAbsent(key, k -> {
      HttpClient.Builder b = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL);
      if (!k.isEmpty()) {
        b.proxy(ProxySelector.of(InetSocketAddress.createUnresolved(host, port)));
      }
      return b.build();
    });
  }
}
