package io.gatehouse.plugins.requesttransformer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A config value with {@code $(…)} placeholders, compiled when the config is bound. Kong evaluates
 * the placeholder as a sandboxed Lua expression; Gatehouse supports the lookups Kong documents —
 * {@code headers.x} / {@code headers["x"]}, {@code query_params…}, {@code uri_captures.name} /
 * {@code uri_captures[1]}, {@code shared.x}, quoted literals — joined with {@code or}. Anything else
 * is rejected at load time. A value that is absent renders as the empty string.
 */
final class Template {
  private static final Pattern LOOKUP = Pattern.compile(
      "(headers|query_params|uri_captures|shared)(?:\\.([A-Za-z_][A-Za-z0-9_]*)|\\[\\s*(?:\"([^\"]*)\"|'([^']*)'|(\\d+))\\s*])");
  private static final Pattern LITERAL = Pattern.compile("\"([^\"]*)\"|'([^']*)'");

  /** What a placeholder can read. */
  interface Env {
    @Nullable String lookup(String table, String key);
  }

  private record Term(@Nullable String table, String key) {} // table null: a literal

  private final List<Object> parts; // String literal text or List<Term> (an `or` chain)

  private Template(List<Object> parts) {
    this.parts = parts;
  }

  /** Whether a placeholder reads {@code table} ({@code headers}, …). */
  @SuppressWarnings("unchecked")
  boolean reads(String table) {
    for (Object p : parts) {
      if (p instanceof List<?> terms) {
        for (Term t : (List<Term>) terms) {
          if (table.equals(t.table())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  boolean isLiteral() {
    return parts.stream().allMatch(p -> p instanceof String);
  }

  /** @throws IllegalArgumentException for an expression outside the supported subset */
  static Template compile(String source) {
    List<Object> parts = new ArrayList<>();
    int i = 0;
    StringBuilder text = new StringBuilder();
    while (i < source.length()) {
      int open = source.indexOf("$(", i);
      if (open < 0) {
        text.append(source, i, source.length());
        break;
      }
      int close = closing(source, open + 2);
      if (close < 0) {
        throw new IllegalArgumentException("unclosed template in '" + source + "'");
      }
      text.append(source, i, open);
      if (!text.isEmpty()) {
        parts.add(text.toString());
        text.setLength(0);
      }
      parts.add(expression(source.substring(open + 2, close).trim(), source));
      i = close + 1;
    }
    if (!text.isEmpty()) {
      parts.add(text.toString());
    }
    return new Template(parts);
  }

  /** The matching ')' outside quotes, or -1. */
  private static int closing(String s, int from) {
    char quote = 0;
    int depth = 0;
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        if (depth-- == 0) {
          return i;
        }
      }
    }
    return -1;
  }

  private static List<Term> expression(String expr, String source) {
    List<Term> terms = new ArrayList<>();
    for (String alt : expr.split("\\s+or\\s+")) {
      String a = alt.trim();
      Matcher lit = LITERAL.matcher(a);
      Matcher look = LOOKUP.matcher(a);
      if (lit.matches()) {
        terms.add(new Term(null, lit.group(1) != null ? lit.group(1) : lit.group(2)));
      } else if (look.matches()) {
        String key = look.group(2) != null ? look.group(2)
            : look.group(3) != null ? look.group(3) : look.group(4) != null ? look.group(4) : look.group(5);
        terms.add(new Term(look.group(1), key));
      } else {
        throw new IllegalArgumentException("unsupported template expression '" + a + "' in '" + source
            + "' (supported: headers, query_params, uri_captures, shared lookups, quoted strings, 'or')");
      }
    }
    return terms;
  }

  @SuppressWarnings("unchecked")
  String render(Env env) {
    if (parts.size() == 1 && parts.getFirst() instanceof String s) {
      return s;
    }
    StringBuilder out = new StringBuilder();
    for (Object p : parts) {
      if (p instanceof String s) {
        out.append(s);
        continue;
      }
      for (Term t : (List<Term>) p) {
        String v = t.table() == null ? t.key() : env.lookup(t.table(), t.key());
        if (v != null) {
          out.append(v);
          break;
        }
      }
    }
    return out.toString();
  }
}
