package io.gatehouse.core.expr;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.gatehouse.core.expr.Expr.Literal;
import io.gatehouse.core.expr.Expr.Op;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A recursive-descent parser for Kong's ATC router language (Kong/atc-router {@code atc_grammar.pest}).
 *
 * <p>Precedence follows atc-router's Pratt table, where {@code ||} binds tighter than {@code &&}:
 * {@code a && b || c} is {@code a && (b || c)}. {@code !} applies only to a parenthesised expression.
 */
public final class ExpressionParser {
  private static final java.util.regex.Pattern IPV4 =
      java.util.regex.Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private final String src;
  private int pos;

  private ExpressionParser(String src) {
    this.src = src;
  }

  /** Parses (without type-checking) an expression. */
  public static Expr parse(String expression) {
    ExpressionParser p = new ExpressionParser(expression);
    Expr e = p.andChain();
    p.skipSpace();
    if (p.pos < p.src.length()) {
      throw p.error("expected '&&', '||' or the end of the expression");
    }
    return e;
  }

  private Expr andChain() {
    Expr left = orChain();
    while (consume("&&")) {
      left = new Expr.And(left, orChain());
    }
    return left;
  }

  private Expr orChain() {
    Expr left = term();
    while (consume("||")) {
      left = new Expr.Or(left, term());
    }
    return left;
  }

  private Expr term() {
    skipSpace();
    boolean not = consume("!");
    if (consume("(")) {
      Expr inner = andChain();
      if (!consume(")")) throw error("expected ')'");
      return not ? new Expr.Not(inner) : inner;
    }
    if (not) throw error("expected '(' after '!'");
    return predicate();
  }

  private Expr predicate() {
    Lhs lhs = lhs();
    Op op = operator();
    Literal value = literal(op);
    return new Expr.Predicate(lhs.field, lhs.lower, lhs.any, op, value);
  }

  /** A field, possibly wrapped in transformation functions: {@code lower(any(http.headers.x))}. */
  private record Lhs(String field, boolean lower, boolean any) {}

  private Lhs lhs() {
    skipSpace();
    int start = pos;
    String name = ident();
    if (!consume("(")) return new Lhs(name, false, false);
    Lhs inner = lhs();
    if (!consume(")")) throw error("expected ')'");
    return switch (name) {
      case "lower" -> new Lhs(inner.field, true, inner.any);
      case "any" -> new Lhs(inner.field, inner.lower, true);
      default -> {
        pos = start;
        throw error("unknown transformation function '" + name + "' (allowed: lower, any)");
      }
    };
  }

  private String ident() {
    skipSpace();
    int start = pos;
    if (pos >= src.length() || !isAsciiAlpha(src.charAt(pos))) {
      throw error("expected a field name");
    }
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (isAsciiAlpha(c) || (c >= '0' && c <= '9') || c == '_' || c == '.') pos++;
      else break;
    }
    return src.substring(start, pos);
  }

  private Op operator() {
    skipSpace();
    // longest first: ">=" before ">", "not in" before nothing else
    String[][] table = {{"==", "EQUALS"}, {"!=", "NOT_EQUALS"}, {"^=", "PREFIX"}, {"=^", "POSTFIX"},
        {">=", "GREATER_OR_EQUAL"}, {"<=", "LESS_OR_EQUAL"}, {"~", "REGEX"}, {">", "GREATER"}, {"<", "LESS"}};
    for (String[] t : table) {
      if (src.startsWith(t[0], pos)) {
        pos += t[0].length();
        return Op.valueOf(t[1]);
      }
    }
    if (word("contains")) return Op.CONTAINS;
    if (word("in")) return Op.IN;
    int save = pos;
    if (word("not")) {
      skipSpace();
      if (word("in")) return Op.NOT_IN;
      pos = save;
    }
    throw error("expected an operator (==, !=, ~, ^=, =^, >, >=, <, <=, in, not in, contains)");
  }

  private boolean word(String w) {
    if (!src.startsWith(w, pos)) return false;
    int end = pos + w.length();
    if (end < src.length() && (Character.isLetterOrDigit(src.charAt(end)) || src.charAt(end) == '_')) return false;
    pos = end;
    return true;
  }

  private Literal literal(Op op) {
    skipSpace();
    int start = pos;
    Literal value;
    if (src.startsWith("r#\"", pos)) {
      int end = src.indexOf("\"#", pos + 3);
      if (end < 0) throw error("unterminated raw string, expected '\"#'");
      value = new Expr.Str(src.substring(pos + 3, end));
      pos = end + 2;
    } else if (pos < src.length() && src.charAt(pos) == '"') {
      value = new Expr.Str(quoted());
    } else {
      value = numberOrIp();
    }
    if (op == Op.REGEX) {
      if (!(value instanceof Expr.Str s)) {
        pos = start;
        throw error("regex operator can only be used with String operands");
      }
      try {
        // Rust's regex spells named groups (?P<n>…) or (?<n>…); RE2/J wants (?P<n>…).
        return new Expr.Regex(Pattern.compile(s.value().replaceAll("\\(\\?<(?=[A-Za-z_])", "(?P<")), s.value());
      } catch (PatternSyntaxException e) {
        pos = start;
        throw error("invalid regex: " + e.getDescription());
      }
    }
    return value;
  }

  private String quoted() {
    StringBuilder out = new StringBuilder();
    pos++; // opening quote
    while (pos < src.length()) {
      char c = src.charAt(pos++);
      if (c == '"') return out.toString();
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (pos >= src.length()) break;
      char esc = src.charAt(pos++);
      switch (esc) {
        case '"', '\\' -> out.append(esc);
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        default -> {
          pos -= 2;
          throw error("invalid escape sequence '\\" + esc + "' (allowed: \\\" \\\\ \\n \\r \\t)");
        }
      }
    }
    throw error("unterminated string literal");
  }

  private Literal numberOrIp() {
    int start = pos;
    while (pos < src.length() && "0123456789abcdefABCDEFxX.:/-".indexOf(src.charAt(pos)) >= 0) pos++;
    String token = src.substring(start, pos);
    if (pos < src.length() && (isAsciiAlpha(src.charAt(pos)) || src.charAt(pos) == '_')) token = ""; // a bare word
    if (token.isEmpty()) {
      pos = start;
      throw error("expected a value (string, raw string, integer, IP address or CIDR)");
    }
    try {
      if (token.contains(":") || token.contains(".")) return ip(token);
      boolean negative = token.startsWith("-");
      String digits = negative ? token.substring(1) : token;
      long v;
      if (digits.startsWith("0x")) v = Long.parseLong(digits.substring(2), 16);
      else if (digits.length() > 1 && digits.startsWith("0")) v = Long.parseLong(digits.substring(1), 8);
      else v = Long.parseLong(digits);
      return new Expr.Int(negative ? -v : v);
    } catch (NumberFormatException | UnknownHostException e) {
      pos = start;
      throw error("invalid value '" + token + "'");
    }
  }

  private static Literal ip(String token) throws UnknownHostException {
    int slash = token.indexOf('/');
    String addr = slash < 0 ? token : token.substring(0, slash);
    boolean v4 = !addr.contains(":");
    if (v4 && !IPV4.matcher(addr).matches()) throw new UnknownHostException(token);
    if (!v4 && !addr.matches("[0-9a-fA-F:.]+")) throw new UnknownHostException(token);
    byte[] bytes = InetAddress.getByName(v4 ? addr : "[" + addr + "]").getAddress();
    if (bytes.length != (v4 ? 4 : 16)) throw new UnknownHostException(token);
    if (slash < 0) return new Expr.Ip(bytes, token);
    int prefix = Integer.parseInt(token.substring(slash + 1));
    if (prefix > bytes.length * 8) throw new UnknownHostException(token);
    return new Expr.Cidr(bytes, prefix, token);
  }

  private boolean consume(String s) {
    skipSpace();
    if (src.startsWith(s, pos)) {
      pos += s.length();
      return true;
    }
    return false;
  }

  private void skipSpace() {
    while (pos < src.length() && " \t\r\n".indexOf(src.charAt(pos)) >= 0) pos++;
  }

  private static boolean isAsciiAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private ExpressionException error(String what) {
    return new ExpressionException("syntax error at position " + (pos + 1) + ": " + what);
  }
}
