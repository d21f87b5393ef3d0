package io.gatehouse.proxy.router;

import com.google.re2j.Pattern;
import io.gatehouse.core.expr.Expr;
import io.gatehouse.core.expr.Expr.Op;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * An expression compiled for matching: each predicate knows at compile time which request value
 * it reads. Semantics are atc-router's interpreter: a missing field fails its predicate; a field
 * with several values (repeated headers or query args) matches only when every value matches,
 * unless {@code any()} asks for one.
 */
abstract sealed class CompiledExpression {
  abstract boolean matches(ExpressionRequest r);

  static CompiledExpression of(Expr e) {
    return switch (e) {
      case Expr.And a -> new And(of(a.left()), of(a.right()));
      case Expr.Or o -> new Or(of(o.left()), of(o.right()));
      case Expr.Not n -> new Not(of(n.inner()));
      case Expr.Predicate p -> predicate(p);
    };
  }

  private static CompiledExpression predicate(Expr.Predicate p) {
    String f = p.field();
    return switch (f) {
      case "net.src.port", "net.dst.port", "http.path.segments.len" -> new IntPredicate(f, p.op(), ((Expr.Int) p.value()).value());
      case "net.src.ip", "net.dst.ip" -> new IpPredicate(f.equals("net.src.ip"), p.op(), p.value());
      default -> new StringPredicate(StringField.of(f), p);
    };
  }

  private static final class And extends CompiledExpression {
    final CompiledExpression left;
    final CompiledExpression right;

    And(CompiledExpression left, CompiledExpression right) {
      this.left = left;
      this.right = right;
    }

    @Override
    boolean matches(ExpressionRequest r) {
      return left.matches(r) && right.matches(r);
    }
  }

  private static final class Or extends CompiledExpression {
    final CompiledExpression left;
    final CompiledExpression right;

    Or(CompiledExpression left, CompiledExpression right) {
      this.left = left;
      this.right = right;
    }

    @Override
    boolean matches(ExpressionRequest r) {
      return left.matches(r) || right.matches(r);
    }
  }

  private static final class Not extends CompiledExpression {
    final CompiledExpression inner;

    Not(CompiledExpression inner) {
      this.inner = inner;
    }

    @Override
    boolean matches(ExpressionRequest r) {
      return !inner.matches(r);
    }
  }

  /** Which string a predicate reads. */
  private record StringField(Kind kind, String name, int from, int to) {
    enum Kind { PROTOCOL, SNI, METHOD, HOST, PATH, HEADER, QUERY, SEGMENT }

    static StringField of(String field) {
      return switch (field) {
        case "net.protocol" -> new StringField(Kind.PROTOCOL, "", 0, 0);
        case "tls.sni" -> new StringField(Kind.SNI, "", 0, 0);
        case "http.method" -> new StringField(Kind.METHOD, "", 0, 0);
        case "http.host" -> new StringField(Kind.HOST, "", 0, 0);
        case "http.path" -> new StringField(Kind.PATH, "", 0, 0);
        default -> {
          if (field.startsWith("http.headers.")) {
            // Kong: lower-case header names with '_' for '-'
            yield new StringField(Kind.HEADER, field.substring(13).replace('_', '-').toLowerCase(Locale.ROOT), 0, 0);
          }
          if (field.startsWith("http.queries.")) yield new StringField(Kind.QUERY, field.substring(13), 0, 0);
          String range = field.substring("http.path.segments.".length());
          int u = range.indexOf('_');
          yield u < 0 ? new StringField(Kind.SEGMENT, "", Integer.parseInt(range), -1)
              : new StringField(Kind.SEGMENT, "", Integer.parseInt(range.substring(0, u)), Integer.parseInt(range.substring(u + 1)));
        }
      };
    }

    List<String> values(ExpressionRequest r) {
      return switch (kind) {
        case PROTOCOL -> List.of(r.protocol());
        case SNI -> r.req.sni() == null || r.req.sni().isEmpty() ? List.of() : List.of(r.req.sni());
        case METHOD -> List.of(r.req.method());
        case HOST -> r.req.host().isEmpty() ? List.of() : List.of(r.req.host());
        case PATH -> List.of(r.req.path());
        case HEADER -> r.req.headerValues(name);
        case QUERY -> r.query(name);
        case SEGMENT -> {
          String s = r.segment(from, to);
          yield s == null ? List.of() : List.of(s);
        }
      };
    }
  }

  private static final class StringPredicate extends CompiledExpression {
    final StringField field;
    final boolean lower;
    final boolean any;
    final Op op;
    final @Nullable String text;
    final @Nullable Pattern regex;

    StringPredicate(StringField field, Expr.Predicate p) {
      this.field = field;
      this.lower = p.lower();
      this.any = p.any();
      this.op = p.op();
      this.text = p.value() instanceof Expr.Str s ? s.value() : null;
      this.regex = p.value() instanceof Expr.Regex re ? re.pattern() : null;
    }

    @Override
    boolean matches(ExpressionRequest r) {
      List<String> values = field.values(r);
      if (values.isEmpty()) return false;
      for (int i = 0, n = values.size(); i < n; i++) {
        String v = lower ? values.get(i).toLowerCase(Locale.ROOT) : values.get(i);
        boolean ok = test(v, r);
        if (any && ok) return true;
        if (!any && !ok) return false;
      }
      return !any;
    }

    private boolean test(String v, ExpressionRequest r) {
      boolean path = field.kind == StringField.Kind.PATH;
      return switch (op) {
        case EQUALS -> record(v.equals(text), path, r, text);
        case NOT_EQUALS -> !v.equals(text);
        case PREFIX -> record(v.startsWith(text), path, r, text);
        case POSTFIX -> record(v.endsWith(text), path, r, text);
        case CONTAINS -> v.contains(text);
        case REGEX -> {
          com.google.re2j.Matcher m = regex.matcher(v);
          if (!m.find()) yield false;
          if (path) {
            r.matchedPath = m.group();
            r.pathRegex = m;
          }
          yield true;
        }
        default -> false; // the type check admits no other operator on strings
      };
    }

    private static boolean record(boolean matched, boolean path, ExpressionRequest r, @Nullable String value) {
      if (matched && path) {
        r.matchedPath = value;
        r.pathRegex = null;
      }
      return matched;
    }
  }

  private static final class IntPredicate extends CompiledExpression {
    final String field;
    final Op op;
    final long value;

    IntPredicate(String field, Op op, long value) {
      this.field = field;
      this.op = op;
      this.value = value;
    }

    @Override
    boolean matches(ExpressionRequest r) {
      long v;
      switch (field) {
        case "http.path.segments.len" -> v = r.segments().size();
        case "net.src.port" -> {
          InetSocketAddress a = r.source();
          if (a == null) return false;
          v = a.getPort();
        }
        default -> {
          InetSocketAddress a = r.destination();
          v = a == null ? r.req.port() : a.getPort();
        }
      }
      return switch (op) {
        case EQUALS -> v == value;
        case NOT_EQUALS -> v != value;
        case GREATER -> v > value;
        case GREATER_OR_EQUAL -> v >= value;
        case LESS -> v < value;
        case LESS_OR_EQUAL -> v <= value;
        default -> false;
      };
    }
  }

  private static final class IpPredicate extends CompiledExpression {
    final boolean source;
    final Op op;
    final byte[] address;
    final int prefixLength;

    IpPredicate(boolean source, Op op, Expr.Literal value) {
      this.source = source;
      this.op = op;
      if (value instanceof Expr.Cidr c) {
        this.address = c.network();
        this.prefixLength = c.prefixLength();
      } else {
        this.address = ((Expr.Ip) value).address();
        this.prefixLength = address.length * 8;
      }
    }

    @Override
    boolean matches(ExpressionRequest r) {
      InetSocketAddress a = source ? r.source() : r.destination();
      if (a == null || a.getAddress() == null) return false;
      byte[] ip = a.getAddress().getAddress();
      return switch (op) {
        case EQUALS -> Arrays.equals(ip, address);
        case NOT_EQUALS -> !Arrays.equals(ip, address);
        case IN -> inNetwork(ip);
        case NOT_IN -> !inNetwork(ip);
        default -> false;
      };
    }

    private boolean inNetwork(byte[] ip) {
      if (ip.length != address.length) return false;
      int bits = prefixLength;
      for (int i = 0; i < ip.length && bits > 0; i++, bits -= 8) {
        int mask = bits >= 8 ? 0xFF : (0xFF << (8 - bits)) & 0xFF;
        if ((ip[i] & mask) != (address[i] & mask)) return false;
      }
      return true;
    }
  }
}
