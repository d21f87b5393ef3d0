package io.gatehouse.core.declarative;

import io.gatehouse.testsupport.fuzz.Choices;
import java.util.List;

/**
 * Random declarative files for the fuzz test: a tree of Kong entities (services with nested routes
 * and plugins, consumers with credentials, upstreams with targets) whose fields get right and
 * wrong types, written as YAML (block or flow, anchors and aliases) or JSON, then sometimes cut or
 * mutated character by character.
 */
final class DeclarativeDocuments {
  record Document(String text, String fileName) {}

  private static final List<String> KEYS = List.of("name", "host", "port", "protocol", "path", "url", "paths",
      "hosts", "methods", "strip_path", "tags", "id", "service", "route", "consumer", "config", "enabled",
      "username", "custom_id", "key", "target", "weight", "algorithm", "retries", "connect_timeout",
      "regex_priority", "headers", "snis", "certificate", "ca_certificates", "_comment", "minute", "policy",
      "key_names", "header", "https_redirect_status_code", "path_handling", "ttl");
  private static final List<String> TABLES = List.of("services", "routes", "consumers", "plugins", "upstreams",
      "targets", "keyauth_credentials", "certificates", "snis", "ca_certificates", "vaults", "unknown_things");
  private static final List<String> NESTED = List.of("routes", "plugins", "keyauth_credentials", "key-auth",
      "targets", "services");

  private DeclarativeDocuments() {}

  static Document generate(Choices c) {
    boolean json = c.chance(35);
    StringBuilder sb = new StringBuilder();
    Writer w = json ? new Json(sb) : new Yaml(sb);
    w.open();
    if (c.chance(90)) w.entry("_format_version", c.pick("\"3.0\"", "\"3.0\"", "\"2.1\"", "\"1.1\"", "3.0", "\"9\"", "null"));
    if (c.chance(5)) w.entry("_transform", c.pick("true", "false", "\"yes\""));
    for (int t = c.intIn(0, 4); t > 0; t--) {
      w.key(c.pick(TABLES));
      entities(c, w, 0);
    }
    w.close();
    String text = sb.toString();
    if (c.chance(30)) text = mutate(c, text);
    String name = c.pick("kong.yml", "kong.yaml", "kong.json", "kong.conf", null) ;
    return new Document(text, name == null ? null : name);
  }

  private static void entities(Choices c, Writer w, int depth) {
    w.openList();
    for (int n = c.intIn(0, 3); n > 0; n--) {
      w.openMap();
      for (int f = c.intIn(0, 6); f > 0; f--) {
        if (depth < 3 && c.chance(20)) {
          w.key(c.pick(NESTED));
          entities(c, w, depth + 1);
        } else {
          w.entry(c.pick(KEYS), value(c, 0));
        }
      }
      w.closeMap();
    }
    w.closeList();
  }

  /** A JSON value (YAML accepts JSON flow syntax), of any type, sometimes nested. */
  private static String value(Choices c, int depth) {
    return switch (c.intIn(0, 12)) {
      case 0 -> "null";
      case 1 -> c.pick("true", "false");
      case 2 -> String.valueOf(c.intIn(-5, 70000));
      case 3 -> c.pick("1e400", "-0", "0.5", "99999999999999999999999", "NaN");
      case 4 -> "\"" + c.pick("http://example.com:8080/p", "https://h", "svc", "", "/a", "~/r(e)+gex$", "GET",
          "127.0.0.1", "{vault://env/key}", "{vault://env/missing}", "x".repeat(c.intIn(0, 300)), "\\u0000",
          "\\ud800", "caf\u00e9", "http://[::1]:80", "http://h:99999") + "\"";
      case 5, 6 -> {
        if (depth > 2) yield "[]";
        StringBuilder sb = new StringBuilder("[");
        for (int i = c.intIn(0, 3); i > 0; i--) sb.append(value(c, depth + 1)).append(i > 1 ? ", " : "");
        yield sb.append(']').toString();
      }
      case 7 -> {
        if (depth > 2) yield "{}";
        StringBuilder sb = new StringBuilder("{");
        for (int i = c.intIn(0, 3); i > 0; i--) {
          sb.append('"').append(c.pick(KEYS)).append("\": ").append(value(c, depth + 1)).append(i > 1 ? ", " : "");
        }
        yield sb.append('}').toString();
      }
      case 8 -> c.chance(5) ? "[".repeat(c.intIn(1, 1200)) : "[".repeat(c.intIn(1, 60)); // deep nesting, unterminated
      default -> "\"" + c.pick("a", "b", "billing", "r1") + c.intIn(0, 3) + "\"";
    };
  }

  private static String mutate(Choices c, String text) {
    StringBuilder sb = new StringBuilder(text);
    for (int m = c.intIn(1, 4); m > 0 && sb.length() > 0; m--) {
      int at = c.intIn(0, sb.length() - 1);
      switch (c.intIn(0, 4)) {
        case 0 -> sb.insert(at, c.pick(":", "-", "\n", "\t", "  ", "&a ", "*a", "!!binary ", "{", "]", "\"", "'", "#",
            "<<: *a\n", "\u0000", "%YAML 1.1\n", "---\n", "? "));
        case 1 -> sb.deleteCharAt(at);
        case 2 -> sb.setLength(at); // cut short
        case 3 -> sb.insert(at, sb, 0, Math.min(sb.length(), c.intIn(0, 64)));
        default -> sb.setCharAt(at, (char) c.intIn(0, 0x7f));
      }
    }
    return sb.toString();
  }

  /** Writes maps and lists as YAML block style or JSON. */
  private interface Writer {
    void open();
    void close();
    void key(String k);
    void entry(String k, String jsonValue);
    void openList();
    void closeList();
    void openMap();
    void closeMap();
  }

  private static final class Json implements Writer {
    private final StringBuilder sb;
    private boolean first = true;

    Json(StringBuilder sb) {
      this.sb = sb;
    }

    private void comma() {
      if (!first) sb.append(',');
      first = false;
    }

    public void open() { sb.append('{'); first = true; }
    public void close() { sb.append('}'); }
    public void key(String k) { comma(); sb.append('"').append(k).append("\":"); first = true; }
    public void entry(String k, String v) { comma(); sb.append('"').append(k).append("\":").append(v); }
    public void openList() { sb.append('['); first = true; }
    public void closeList() { sb.append(']'); first = false; }
    public void openMap() { comma(); sb.append('{'); first = true; }
    public void closeMap() { sb.append('}'); first = false; }
  }

  /** YAML block style; values are JSON flow text, which YAML reads too. */
  private static final class Yaml implements Writer {
    private final StringBuilder sb;
    private int indent;
    private boolean itemStart;

    Yaml(StringBuilder sb) {
      this.sb = sb;
    }

    private void line(String s) {
      if (itemStart) {
        sb.append(s).append('\n');
        itemStart = false;
      } else {
        sb.append(" ".repeat(indent)).append(s).append('\n');
      }
    }

    public void open() {}
    public void close() {}
    public void key(String k) { line(k + ":"); }
    public void entry(String k, String v) { line(k + ": " + v); }
    public void openList() { indent += 2; }
    public void closeList() { indent -= 2; }
    public void openMap() {
      sb.append(" ".repeat(indent)).append("- ");
      itemStart = true;
      indent += 2;
    }
    public void closeMap() {
      if (itemStart) { sb.append("{}\n"); itemStart = false; }
      indent -= 2;
    }
  }
}
