package io.gatehouse.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP server answering HashiCorp Vault's published KV secrets engine read API, for
 * tests where no Vault server can be started (Vault is not packaged for Debian and cannot be
 * downloaded here): {@code GET /v1/<mount>/<path>} for a KV v1 mount,
 * {@code GET /v1/<mount>/data/<path>[?version=N]} for a KV v2 mount, with Vault's response shapes
 * ({@code data}, v2's {@code data.data} and {@code data.metadata}), {@code 403 {"errors":["permission
 * denied"]}} for a missing or wrong {@code X-Vault-Token}, {@code 404 {"errors":[]}} for no secret,
 * and the {@code X-Vault-Namespace} header checked when a namespace is set. {@link #down(boolean)}
 * answers 503 as a sealed Vault does.
 */
public final class VaultKvServer implements AutoCloseable {
  private final HttpServer server;
  private final String token;
  private final Map<String, Boolean> mounts = new ConcurrentHashMap<>(); // mount -> is v2
  private final Map<String, List<Map<String, String>>> secrets = new ConcurrentHashMap<>(); // mount/path -> versions
  private final AtomicInteger reads = new AtomicInteger();
  private volatile String namespace;
  private volatile boolean down;

  private VaultKvServer(String token) throws IOException {
    this.token = token;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/", this::handle);
    server.start();
  }

  /** Starts on a free loopback port; requests must carry {@code token}. */
  public static VaultKvServer start(String token) {
    try {
      return new VaultKvServer(token);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Enables a KV engine at {@code mount}, version 1 or 2. */
  public VaultKvServer mount(String mount, int kvVersion) {
    mounts.put(mount, kvVersion == 2);
    return this;
  }

  /** Requires {@code X-Vault-Namespace: namespace} (Vault Enterprise). */
  public VaultKvServer namespace(String namespace) {
    this.namespace = namespace;
    return this;
  }

  /** Writes a secret (a new version on a v2 mount; replaces it on v1). */
  public void put(String mount, String path, Map<String, String> data) {
    boolean v2 = Boolean.TRUE.equals(mounts.get(mount));
    secrets.compute(mount + "/" + path, (k, versions) -> {
      List<Map<String, String>> next = versions == null || !v2 ? new ArrayList<>() : new ArrayList<>(versions);
      next.add(new LinkedHashMap<>(data));
      return next;
    });
  }

  /** While down, every request answers 503 (a sealed or unreachable Vault). */
  public void down(boolean down) {
    this.down = down;
  }

  /** Secret reads answered (any status), for tests of caching. */
  public int reads() {
    return reads.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      reads.incrementAndGet();
      if (down) {
        send(ex, 503, "{\"errors\":[\"Vault is sealed\"]}");
        return;
      }
      if (!"GET".equals(ex.getRequestMethod())) {
        send(ex, 405, "{\"errors\":[]}");
        return;
      }
      if (!token.equals(ex.getRequestHeaders().getFirst("X-Vault-Token"))
          || (namespace != null && !namespace.equals(ex.getRequestHeaders().getFirst("X-Vault-Namespace")))) {
        send(ex, 403, "{\"errors\":[\"permission denied\"]}");
        return;
      }
      String rest = URLDecoder.decode(ex.getRequestURI().getRawPath().substring("/v1/".length()), StandardCharsets.UTF_8);
      for (Map.Entry<String, Boolean> m : mounts.entrySet()) {
        String prefix = m.getKey() + (m.getValue() ? "/data/" : "/");
        if (rest.startsWith(prefix)) {
          read(ex, m.getKey(), rest.substring(prefix.length()), m.getValue());
          return;
        }
      }
      send(ex, 403, "{\"errors\":[\"1 error occurred:\\n\\t* permission denied\\n\\n\"]}"); // no such mount
    }
  }

  private void read(HttpExchange ex, String mount, String path, boolean v2) throws IOException {
    List<Map<String, String>> versions = secrets.get(mount + "/" + path);
    if (versions == null || versions.isEmpty()) {
      send(ex, 404, "{\"errors\":[]}");
      return;
    }
    int version = versions.size();
    String query = ex.getRequestURI().getRawQuery();
    if (v2 && query != null && query.startsWith("version=")) {
      version = Integer.parseInt(query.substring("version=".length()));
      if (version < 1 || version > versions.size()) {
        send(ex, 404, "{\"errors\":[]}");
        return;
      }
    }
    String data = json(versions.get(version - 1));
    String body = v2
        ? "{\"request_id\":\"r\",\"lease_id\":\"\",\"renewable\":false,\"lease_duration\":0,\"data\":{\"data\":" + data
            + ",\"metadata\":{\"created_time\":\"2024-01-01T00:00:00Z\",\"custom_metadata\":null,\"deletion_time\":\"\","
            + "\"destroyed\":false,\"version\":" + version + "}},\"wrap_info\":null,\"warnings\":null,\"auth\":null}"
        : "{\"request_id\":\"r\",\"lease_id\":\"\",\"renewable\":false,\"lease_duration\":2764800,\"data\":" + data
            + ",\"wrap_info\":null,\"warnings\":null,\"auth\":null}";
    send(ex, 200, body);
  }

  private static String json(Map<String, String> data) {
    List<String> fields = new ArrayList<>();
    data.forEach((k, v) -> fields.add(quote(k) + ":" + quote(v)));
    return "{" + String.join(",", fields) + "}";
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> {
          if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
          else b.append(c);
        }
      }
    }
    return b.append('"').toString();
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
