package io.gatehouse.core.expr;

import io.gatehouse.core.expr.Expr.Op;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The fields an expression may read and their types (Kong's kong/router/fields.lua), and the
 * type rules of atc-router's semantic check, with its messages.
 */
public enum ExpressionSchema {
  /** Routes of the http, https, grpc and grpcs protocols. */
  HTTP(Map.ofEntries(
      Map.entry("net.protocol", FieldType.STRING), Map.entry("tls.sni", FieldType.STRING),
      Map.entry("http.method", FieldType.STRING), Map.entry("http.host", FieldType.STRING),
      Map.entry("http.path", FieldType.STRING), Map.entry("http.path.segments.*", FieldType.STRING),
      Map.entry("http.headers.*", FieldType.STRING), Map.entry("http.queries.*", FieldType.STRING),
      Map.entry("net.src.port", FieldType.INT), Map.entry("net.dst.port", FieldType.INT),
      Map.entry("http.path.segments.len", FieldType.INT),
      Map.entry("net.src.ip", FieldType.IP_ADDR), Map.entry("net.dst.ip", FieldType.IP_ADDR))),
  /** Routes of the tcp, tls, tls_passthrough and udp protocols. */
  STREAM(Map.of(
      "net.protocol", FieldType.STRING, "tls.sni", FieldType.STRING,
      "net.src.port", FieldType.INT, "net.dst.port", FieldType.INT,
      "net.src.ip", FieldType.IP_ADDR, "net.dst.ip", FieldType.IP_ADDR));

  /** The value types of ATC fields. */
  public enum FieldType { STRING, INT, IP_ADDR }

  private static final Pattern SEGMENTS_SUFFIX = Pattern.compile("^(0|[1-9]\\d*)(_([1-9]\\d*))?$");
  private static final String SEGMENTS_PREFIX = "http.path.segments.";

  private final Map<String, FieldType> fields;

  ExpressionSchema(Map<String, FieldType> fields) {
    this.fields = fields;
  }

  /** The schema for a route's protocols (Kong's kong/router/atc.lua {@code schema(protocols)}). */
  public static ExpressionSchema forProtocols(Collection<String> protocols) {
    for (String p : protocols) {
      if (p.equals("http") || p.equals("https") || p.equals("grpc") || p.equals("grpcs")) return HTTP;
    }
    return protocols.isEmpty() ? HTTP : STREAM;
  }

  /** The type of a field, or null when the schema does not know it ({@code x.*} covers {@code x.anything}). */
  public @Nullable FieldType typeOf(String field) {
    FieldType t = fields.get(field);
    if (t != null) return t;
    int dot = field.lastIndexOf('.');
    return dot < 0 ? null : fields.get(field.substring(0, dot) + ".*");
  }

  /**
   * Parses and type-checks an expression.
   *
   * @throws ExpressionException with a message Kong would prefix by "Router Expression failed validation: "
   */
  public Expr compile(String expression) {
    Expr e = ExpressionParser.parse(amendNetPort(expression));
    check(e);
    return e;
  }

  /** Kong rewrites the deprecated {@code net.port} to {@code net.dst.port} (kong/router/transform.lua). */
  static String amendNetPort(String exp) {
    return exp.contains("net.port") ? exp.replaceAll("(net\\.port)(\\s*)([=><!])", "net.dst.port$2$3") : exp;
  }

  private void check(Expr e) {
    switch (e) {
      case Expr.And a -> {
        check(a.left());
        check(a.right());
      }
      case Expr.Or o -> {
        check(o.left());
        check(o.right());
      }
      case Expr.Not n -> check(n.inner());
      case Expr.Predicate p -> checkPredicate(p);
    }
  }

  private void checkPredicate(Expr.Predicate p) {
    FieldType lhs = typeOf(p.field());
    if (lhs == null) throw new ExpressionException("Unknown LHS field");
    Op op = p.op();
    if (op != Op.REGEX && op != Op.IN && op != Op.NOT_IN && lhs != typeOfLiteral(p.value())) {
      throw new ExpressionException("Type mismatch between the LHS and RHS values of predicate");
    }
    if (p.lower() && lhs != FieldType.STRING) {
      throw new ExpressionException("lower-case transformation function only supported with String type fields");
    }
    String problem = switch (op) {
      case EQUALS, NOT_EQUALS -> null;
      case REGEX -> lhs == FieldType.STRING ? null : "Regex operators only supports string operands";
      case PREFIX, POSTFIX -> p.value() instanceof Expr.Str ? null : "Prefix/Postfix operators only supports string operands";
      case GREATER, GREATER_OR_EQUAL, LESS, LESS_OR_EQUAL -> p.value() instanceof Expr.Int ? null
          : "Greater/GreaterOrEqual/Less/LessOrEqual operators only supports integer operands";
      case IN, NOT_IN -> lhs == FieldType.IP_ADDR && p.value() instanceof Expr.Cidr ? null
          : "In/NotIn operators only supports IP in CIDR";
      case CONTAINS -> p.value() instanceof Expr.Str ? null : "Contains operator only supports string operands";
    };
    if (problem != null) throw new ExpressionException(problem);
    checkSegments(p.field());
  }

  /** Kong's routes.lua: {@code http.path.segments.N}, {@code .N_M} with N < M, or {@code .len}. */
  private static void checkSegments(String field) {
    if (!field.startsWith(SEGMENTS_PREFIX)) return;
    String suffix = field.substring(SEGMENTS_PREFIX.length());
    if (suffix.equals("len")) return;
    Matcher m = SEGMENTS_SUFFIX.matcher(suffix);
    if (!m.matches() || (m.group(2) != null && Long.parseLong(m.group(1)) >= Long.parseLong(m.group(3)))) {
      throw new ExpressionException("illformed http.path.segments.* field");
    }
  }

  private static @Nullable FieldType typeOfLiteral(Expr.Literal v) {
    return switch (v) {
      case Expr.Str s -> FieldType.STRING;
      case Expr.Int i -> FieldType.INT;
      case Expr.Ip ip -> FieldType.IP_ADDR;
      case Expr.Cidr c -> null; // atc-router's IpCidr type matches no field
      case Expr.Regex r -> FieldType.STRING;
    };
  }
}
