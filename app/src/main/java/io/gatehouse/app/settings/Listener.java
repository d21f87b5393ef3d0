package io.gatehouse.app.settings;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a {@code *_listen} setting, e.g. {@code 0.0.0.0:8000 reuseport backlog=16384}.
 *
 * @param host the address to bind, as written ({@code *} becomes {@code 0.0.0.0}); IPv6 without brackets
 * @param port 0–65535; 0 binds an ephemeral port (tests)
 * @param backlog {@code backlog=N}, or {@code null}
 * @param ipv6only {@code ipv6only=on|off}, or {@code null}
 * @param soKeepalive {@code so_keepalive=on|off|idle:intvl:cnt}, or {@code null}
 * @param spec the entry's original text
 */
public record Listener(
    String host,
    int port,
    boolean ssl,
    boolean http2,
    boolean proxyProtocol,
    boolean deferred,
    boolean bind,
    boolean reuseport,
    @Nullable Integer backlog,
    @Nullable Boolean ipv6only,
    @Nullable String soKeepalive,
    String spec) {

  public Listener {
    requireNonNull(host, "host");
    requireNonNull(spec, "spec");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
    }
  }

  /** {@code host:port}, with brackets around an IPv6 host. */
  public String authority() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /**
   * The address a local client uses to reach this listener: a wildcard bind ({@code 0.0.0.0},
   * {@code ::}) is reached through loopback.
   */
  public String localAuthority() {
    String h = switch (host) {
      case "0.0.0.0" -> "127.0.0.1";
      case "::", "0:0:0:0:0:0:0:0" -> "::1";
      default -> host;
    };
    return (h.contains(":") ? "[" + h + "]" : h) + ":" + port;
  }

  /** Kong's {@code *_listeners} entry shape, for {@code GET /}. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ip", host);
    m.put("port", port);
    m.put("ssl", ssl);
    m.put("http2", http2);
    m.put("proxy_protocol", proxyProtocol);
    m.put("deferred", deferred);
    m.put("bind", bind);
    m.put("reuseport", reuseport);
    if (backlog != null) {
      m.put("backlog", backlog);
    }
    if (ipv6only != null) {
      m.put("ipv6only", ipv6only);
    }
    if (soKeepalive != null) {
      m.put("so_keepalive", soKeepalive);
    }
    m.put("listener", spec);
    return m;
  }
}
