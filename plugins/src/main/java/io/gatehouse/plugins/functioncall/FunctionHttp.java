package io.gatehouse.plugins.functioncall;

import io.gatehouse.net.TrustEveryone;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * JDK HTTP clients for function calls, one per (certificate checks, forward proxy): each keeps its
 * own keep-alive pool and selector thread, and {@code sendAsync} never blocks the caller.
 */
public final class FunctionHttp {
  private static final Map<String, HttpClient> CLIENTS = new ConcurrentHashMap<>();
  /** Framing and hop-by-hop headers: the gateway writes its own. */
  private static final Set<String> HOP_BY_HOP = Set.of("content-length", "transfer-encoding", "connection", "keep-alive",
      "proxy-connection", "upgrade", "te", "trailer", "date");

  private FunctionHttp() {}

  /**
   * A shared HTTP/1.1 client; {@code verify} false checks neither the certificate nor the host name
   * (Kong's {@code ssl_verify = false}).
   */
  public static HttpClient client(boolean verify, @Nullable String proxyUrl) {
    return CLIENTS.computeIfAbsent(verify + " " + (proxyUrl == null ? "" : proxyUrl), key -> {
      HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
      try {
        b.sslContext(verify ? SSLContext.getDefault() : Unverified.CONTEXT);
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      if (proxyUrl != null) {
        URI proxy = URI.create(proxyUrl);
        b.proxy(ProxySelector.of(new InetSocketAddress(proxy.getHost(), proxy.getPort() < 0 ? 80 : proxy.getPort())));
      }
      return b.build();
    });
  }

  /** Whether the gateway writes this header itself (framing, hop-by-hop, Date). */
  public static boolean hopByHop(String name) {
    return HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) || name.startsWith(":");
  }

  /** A response's headers minus {@link #hopByHop} ones, case-insensitive. */
  public static Map<String, List<String>> endToEnd(HttpHeaders headers) {
    Map<String, List<String>> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.map().forEach((name, values) -> {
      if (!hopByHop(name)) out.put(name, values);
    });
    return out;
  }

  /** Whether the JDK client refuses to send this request header (it writes them itself). */
  public static boolean restricted(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "host", "content-length", "connection", "expect", "upgrade", "keep-alive", "proxy-connection",
          "transfer-encoding", "te", "trailer" -> true;
      default -> false;
    };
  }

  /** Trusts any server ({@code https_verify = false}). */
  private static final class Unverified {
    static final SSLContext CONTEXT = TrustEveryone.clientContext();
  }
}
