package io.gatehouse.core.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.gatehouse.core.schema.Field;
import io.gatehouse.core.schema.PathNormalizer;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import org.jspecify.annotations.Nullable;

/** Kong's shared field types ({@code kong/db/schema/typedefs.lua}) and their exact error messages. */
public final class Typedefs {
  public static final String[] PROTOCOLS = {"grpc", "grpcs", "http", "https", "tcp", "tls", "tls_passthrough", "udp"};
  private static final java.util.regex.Pattern HOSTNAME =
      java.util.regex.Pattern.compile("^[A-Za-z0-9_]([A-Za-z0-9_\\-]*[A-Za-z0-9_])?(\\.[A-Za-z0-9_]([A-Za-z0-9_\\-]*[A-Za-z0-9_])?)*\\.?$");
  private static final java.util.regex.Pattern IPV4 =
      java.util.regex.Pattern.compile("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})$");
  private static final java.util.regex.Pattern HEADER_NAME = java.util.regex.Pattern.compile("^[A-Za-z0-9!#$%&'*+\\-.^_`|~]+$");
  private static final java.util.regex.Pattern METHOD = java.util.regex.Pattern.compile("^[A-Z]+$");
  private static final String PATH_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_~/%:@!$&'()*+,;=";

  private Typedefs() {}

  public static Field id() {
    return Field.string("id").uuid().auto();
  }

  public static Field createdAt() {
    return Field.integer("created_at").timestamp().auto();
  }

  public static Field updatedAt() {
    return Field.integer("updated_at").timestamp().auto();
  }

  /**
   * The fields of an entity a consumer owns (credentials, ACL groups): id, created_at, the consumer
   * (deleting it deletes the entity), the entity's own fields, then tags — Kong's credential layout.
   */
  public static Field[] consumerOwned(Field... own) {
    Field[] all = new Field[own.length + 4];
    all[0] = id();
    all[1] = createdAt();
    all[2] = Field.foreign("consumer", "consumers", io.gatehouse.core.schema.TableSpec.OnDelete.CASCADE).required();
    System.arraycopy(own, 0, all, 3, own.length);
    all[all.length - 1] = tags();
    return all;
  }

  public static Field tags() {
    return Field.set("tags", Field.element(Field.Type.STRING).check(Typedefs::tag));
  }

  public static Field utf8Name(String name) {
    return Field.string(name).unique().check(Typedefs::utf8Name);
  }

  public static Field protocol(String name) {
    return Field.string(name).oneOf((Object[]) PROTOCOLS);
  }

  public static Field port(String name) {
    return Field.integer(name).between(0, 65535);
  }

  public static Field timeout(String name) {
    return Field.integer(name).between(1, 2147483646).defaultValue(60000);
  }

  public static Field host(String name) {
    return Field.string(name).check(v -> hostError(v.asText(), false));
  }

  public static Field hostWithOptionalPort(String name) {
    return Field.string(name).check(v -> hostError(v.asText(), true));
  }

  public static Field.Check headerName() {
    return v -> HEADER_NAME.matcher(v.asText()).matches() ? null : "bad header name '" + v.asText() + "', allowed characters are A-Z, a-z, 0-9, '_', and '-'";
  }

  public static Field.Check httpMethod() {
    return v -> METHOD.matcher(v.asText()).matches() ? null : "invalid value: " + v.asText();
  }

  /** Kong's {@code utf8_name}: ASCII restricted to {@code [A-Za-z0-9.-_~]}, any valid UTF-8 otherwise. */
  static @Nullable String utf8Name(JsonNode v) {
    String s = v.asText();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80 && !(Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_' || c == '~')) {
        return "invalid value '" + s + "': the only accepted ascii characters are alphanumerics or ., -, _, and ~";
      }
    }
    return null;
  }

  static @Nullable String tag(JsonNode v) {
    String s = v.asText();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80 && (c < 0x20 || c > 0x7e || c == ',' || c == '/')) {
        return "invalid tag '" + s + "': expected printable ascii (except `,` and `/`) or valid utf-8 sequences";
      }
    }
    return null;
  }

  public static boolean isIp(String s) {
    return isIpv4(s) || isIpv6(s);
  }

  public static boolean isIpv4(String s) {
    Matcher m = IPV4.matcher(s);
    if (!m.matches()) {
      return false;
    }
    for (int i = 1; i <= 4; i++) {
      if (Integer.parseInt(m.group(i)) > 255) {
        return false;
      }
    }
    return true;
  }

  public static boolean isIpv6(String s) {
    String x = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
    if (!x.contains(":") || !x.matches("^[0-9a-fA-F:.]+$")) {
      return false;
    }
    try {
      return java.net.InetAddress.getByName(x) instanceof java.net.Inet6Address;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  public static boolean isHostname(String s) {
    return s.length() <= 253 && HOSTNAME.matcher(s).matches();
  }

  /** Host (IP or name) with optional {@code :port}: error text or null. */
  static @Nullable String hostError(String value, boolean portAllowed) {
    String host = value;
    String port = null;
    if (value.startsWith("[")) {
      int close = value.indexOf(']');
      if (close < 0) {
        return "invalid value: " + value;
      }
      host = value.substring(0, close + 1);
      if (close + 1 < value.length()) {
        if (value.charAt(close + 1) != ':') {
          return "invalid value: " + value;
        }
        port = value.substring(close + 2);
      }
    } else if (value.indexOf(':') >= 0 && value.indexOf(':') == value.lastIndexOf(':')) {
      host = value.substring(0, value.indexOf(':'));
      port = value.substring(value.indexOf(':') + 1);
    }
    if (!(isIp(host) || isHostname(host))) {
      return "invalid value: " + value;
    }
    if (port != null) {
      if (!portAllowed) {
        return "must not have a port";
      }
      if (!port.matches("^\\d{1,5}$") || Integer.parseInt(port) > 65535) {
        return "invalid port number";
      }
    }
    return null;
  }

  /** Kong's {@code path} typedef (service path). */
  static @Nullable String servicePath(JsonNode v) {
    String p = v.asText();
    if (!p.startsWith("/")) {
      return "should start with: /";
    }
    return pathCharsError(p, false);
  }

  private static @Nullable String pathCharsError(String p, boolean regex) {
    if (p.contains("//")) {
      return "must not have empty segments";
    }
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c == '%') {
        if (i + 2 >= p.length() || !isHex(p.charAt(i + 1)) || !isHex(p.charAt(i + 2))) {
          String bad = p.substring(i, Math.min(p.length(), i + 3));
          return "invalid url-encoded value: '" + bad + "'";
        }
      } else if (!regex && c < 0x80 && PATH_CHARS.indexOf(c) < 0) {
        return "invalid path: '" + p + "' (characters outside of the reserved list of RFC 3986 found)";
      }
    }
    return null;
  }

  /** Kong's {@code router_path}: a normalized prefix path or a {@code ~} regex that compiles. */
  static @Nullable String routerPath(JsonNode v) {
    String p = v.asText();
    if (p.startsWith("~")) {
      String re = p.substring(1);
      if (!re.startsWith("/")) {
        return "should start with: / (fixed path) or ~/ (regex path)";
      }
      String err = pathCharsError(re, true);
      if (err != null) {
        return err;
      }
      try {
        Pattern.compile(re);
      } catch (PatternSyntaxException e) {
        return "invalid regex: '" + re + "' (PCRE returned: " + e.getDescription() + ")";
      }
      return null;
    }
    if (!p.startsWith("/")) {
      return "should start with: / (fixed path) or ~/ (regex path)";
    }
    String err = pathCharsError(p, true);
    if (err != null) {
      return err;
    }
    String normalized = PathNormalizer.normalize(p);
    if (!normalized.equals(p)) {
      return "non-normalized path, consider use '" + normalized + "' instead";
    }
    return null;
  }

  /** Route {@code hosts} element: host with optional port, at most one {@code *} as a whole edge label. */
  static @Nullable String routeHost(JsonNode v) {
    String h = v.asText();
    int stars = h.length() - h.replace("*", "").length();
    if (stars == 0) {
      return hostError(h, true);
    }
    if (stars > 1) {
      return "invalid wildcard: must have at most one wildcard";
    }
    String bare = h;
    int colon = h.lastIndexOf(':');
    if (colon > 0 && h.indexOf(':') == colon) {
      bare = h.substring(0, colon);
    }
    if (!(bare.startsWith("*.") || bare.endsWith(".*"))) {
      return "invalid wildcard: must be placed at leftmost or rightmost label";
    }
    String rest = bare.startsWith("*.") ? bare.substring(2) : bare.substring(0, bare.length() - 2);
    return isHostname(rest) ? null : "invalid value: " + h;
  }

  /** Kong's {@code wildcard_host} (SNI names). */
  static @Nullable String wildcardHost(JsonNode v) {
    String h = v.asText();
    int stars = h.length() - h.replace("*", "").length();
    if (stars > 1) {
      return "only one wildcard must be specified";
    }
    if (stars == 1 && !(h.startsWith("*") || h.endsWith("*"))) {
      return "wildcard must be leftmost or rightmost character";
    }
    String bare = h.replace("*", "x");
    if (isIp(bare)) {
      return "must not be an IP";
    }
    if (bare.contains(":")) {
      return "must not have a port";
    }
    return isHostname(bare) ? null : "invalid value: " + h;
  }

  static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  static boolean validUtf8(String s) {
    return StandardCharsets.UTF_8.newEncoder().canEncode(s);
  }
}
