package io.gatehouse.app.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Parses Kong's listener syntax: {@code off}, or comma-separated {@code address:port [flags]}
 * entries, with IPv6 addresses in brackets ({@code [::1]:8001}). Flags as Kong's
 * {@code conf_loader/listeners.lua}.
 */
public final class ListenerParser {
  private static final String FORM = "[off] | <ip>:<port> [ssl] [http2] [proxy_protocol] [deferred]"
      + " [bind] [reuseport] [backlog=%d+] [ipv6only=on|off] [so_keepalive=on|off|%w*:%w*:%d*],"
      + " [... next entry ...]";
  private static final Pattern IPV6 = Pattern.compile("\\[([0-9A-Fa-f:.]+)]:(\\d+)");
  private static final Pattern HOST = Pattern.compile("([A-Za-z0-9.\\-_*]+):(\\d+)");
  private static final Pattern KEEPALIVE = Pattern.compile("on|off|\\w*:\\w*:\\d*");

  private ListenerParser() {}

  /**
   * Parses the value of setting {@code key}; {@code off} (or an empty value) gives no listeners.
   *
   * @throws IllegalArgumentException with a message naming the key and the bad entry
   */
  public static List<Listener> parse(String key, String value) {
    String trimmed = value.trim();
    if (trimmed.isEmpty() || trimmed.equalsIgnoreCase("off")) {
      return List.of();
    }
    List<Listener> out = new ArrayList<>();
    for (String entry : trimmed.split(",", -1)) {
      out.add(parseEntry(key, entry.trim()));
    }
    return List.copyOf(out);
  }

  private static Listener parseEntry(String key, String entry) {
    String[] words = entry.split("\\s+");
    String address = words[0];
    String host;
    String portText;
    Matcher m6 = IPV6.matcher(address);
    Matcher m = HOST.matcher(address);
    if (m6.matches()) {
      host = m6.group(1);
      portText = m6.group(2);
    } else if (m.matches()) {
      host = m.group(1).equals("*") ? "0.0.0.0" : m.group(1);
      portText = m.group(2);
    } else {
      throw bad(key, entry, "'" + address + "' is not <ip>:<port>");
    }
    int port;
    try {
      port = Integer.parseInt(portText);
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65535) {
      throw bad(key, entry, "invalid port " + portText + " (expected 0-65535)");
    }
    boolean ssl = false, http2 = false, proxyProtocol = false, deferred = false, bind = false,
        reuseport = false;
    @Nullable Integer backlog = null;
    @Nullable Boolean ipv6only = null;
    @Nullable String soKeepalive = null;
    for (int i = 1; i < words.length; i++) {
      String flag = words[i].toLowerCase(Locale.ROOT);
      switch (flag) {
        case "ssl" -> ssl = true;
        case "http2" -> http2 = true;
        case "proxy_protocol" -> proxyProtocol = true;
        case "deferred" -> deferred = true;
        case "bind" -> bind = true;
        case "reuseport" -> reuseport = true;
        case "ipv6only=on" -> ipv6only = true;
        case "ipv6only=off" -> ipv6only = false;
        default -> {
          if (flag.startsWith("backlog=") && flag.substring(8).matches("\\d{1,9}")) {
            backlog = Integer.parseInt(flag.substring(8));
          } else if (flag.startsWith("so_keepalive=") && KEEPALIVE.matcher(flag.substring(13)).matches()) {
            soKeepalive = flag.substring(13);
          } else {
            throw bad(key, entry, "unknown flag '" + words[i] + "'");
          }
        }
      }
    }
    return new Listener(host, port, ssl, http2, proxyProtocol, deferred, bind, reuseport, backlog,
        ipv6only, soKeepalive, entry);
  }

  private static IllegalArgumentException bad(String key, String entry, String why) {
    return new IllegalArgumentException(
        key + " has an invalid entry '" + entry + "': " + why + "; must be of form: " + FORM);
  }
}
