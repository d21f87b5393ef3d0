package io.gatehouse.core.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.core.expr.Expr.And;
import io.gatehouse.core.expr.Expr.Not;
import io.gatehouse.core.expr.Expr.Op;
import io.gatehouse.core.expr.Expr.Or;
import io.gatehouse.core.expr.Expr.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The ATC language as Kong/atc-router parses and type-checks it (examples from Kong's docs and tests). */
class ExpressionParserTest {
  static Expr compile(String e) {
    return ExpressionSchema.HTTP.compile(e);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "http.path == \"/foo/bar\"",
      "http.path ^= \"/foo\" && http.method == \"GET\"",
      "http.host == \"example.com\" || http.host =^ \".example.net\"",
      "http.path ~ r#\"^/foo/\\d+$\"#",
      "lower(http.headers.x_foo) == \"bar\"",
      "any(http.headers.x_foo) == \"bar\"",
      "lower(any(http.headers.x_foo)) contains \"ba\"",
      "http.queries.q != \"1\"",
      "net.src.ip in 10.0.0.0/8 && net.dst.ip not in 192.168.0.0/16",
      "net.src.ip == 127.0.0.1",
      "net.dst.ip in ::1/128",
      "net.dst.port >= 8000 && net.dst.port < 9000",
      "net.port == 8000",
      "http.path.segments.0 == \"foo\" && http.path.segments.1_3 == \"a/b\" && http.path.segments.len == 3",
      "!(http.method == \"POST\") && (tls.sni == \"a.test\" || net.protocol == \"https\")",
      "http.path == \"tab\\there \\\"quoted\\\" \\\\ \\n\\r\"",
      "net.dst.port == 0x1F90 || net.dst.port == 017"})
  void kong_examples_parse_and_type_check(String expression) {
    assertThat(compile(expression)).isNotNull();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "http.path === \"/a\" | syntax error at position 13",
      "http.path == | expected a value",
      "http.path == foo | syntax error at position 14: expected a value",
      "http.path == \"/a | unterminated string literal",
      "http.path == \"/a\" &&  | expected a field name",
      "http.path == \"/a\" http.method == \"GET\" | expected '&&', '||' or the end",
      "(http.path == \"/a\" | expected ')'",
      "!http.path == \"/a\" | expected '(' after '!'",
      "upper(http.host) == \"a\" | unknown transformation function 'upper'",
      "http.path == \"\\q\" | invalid escape sequence",
      "http.path ~ \"(\" | invalid regex",
      "http.path ~ 1 | regex operator can only be used with String operands",
      "http.paths == \"/a\" | Unknown LHS field",
      "foo == \"a\" | Unknown LHS field",
      "http.path == 1 | Type mismatch between the LHS and RHS values of predicate",
      "net.dst.port == \"80\" | Type mismatch between the LHS and RHS values of predicate",
      "lower(net.dst.port) == 1 | lower-case transformation function only supported with String type fields",
      "http.path > \"a\" | Greater/GreaterOrEqual/Less/LessOrEqual operators only supports integer operands",
      "net.dst.port ^= 1 | Prefix/Postfix operators only supports string operands",
      "http.host in 10.0.0.0/8 | In/NotIn operators only supports IP in CIDR",
      "net.src.ip in 10.0.0.1 | In/NotIn operators only supports IP in CIDR",
      "net.dst.port contains 1 | Contains operator only supports string operands",
      "net.src.ip == 300.1.1.1 | invalid value '300.1.1.1'",
      "http.path.segments.2_1 == \"a\" | illformed http.path.segments.* field",
      "http.path.segments.01 == \"a\" | illformed http.path.segments.* field"})
  void invalid_expressions_say_why(String expression, String message) {
    assertThatThrownBy(() -> compile(expression)).isInstanceOf(ExpressionException.class).hasMessageContaining(message);
  }

  @Test
  void or_binds_tighter_than_and_as_in_atc_router() {
    // atc-router's Pratt table lists && first, so || has the higher precedence
    Expr e = ExpressionParser.parse("a == \"1\" && b == \"2\" || c == \"3\"");
    assertThat(e).isInstanceOf(And.class);
    assertThat(((And) e).right()).isInstanceOf(Or.class);
    Expr left = ExpressionParser.parse("a == \"1\" || b == \"2\" && c == \"3\"");
    assertThat(left).isInstanceOf(And.class);
    assertThat(((And) left).left()).isInstanceOf(Or.class);
  }

  @Test
  void predicates_carry_transformations_and_literals() {
    Predicate p = (Predicate) compile("lower(any(http.headers.x_a)) ^= r#\"a\\b\"#");
    assertThat(p.field()).isEqualTo("http.headers.x_a");
    assertThat(p.lower()).isTrue();
    assertThat(p.any()).isTrue();
    assertThat(p.op()).isEqualTo(Op.PREFIX);
    assertThat(p.value()).isEqualTo(new Expr.Str("a\\b"));
    Not n = (Not) compile("!(net.dst.port == -1)");
    assertThat(((Predicate) n.inner()).value()).isEqualTo(new Expr.Int(-1));
    Predicate cidr = (Predicate) compile("net.src.ip not in 10.1.0.0/16");
    assertThat(cidr.op()).isEqualTo(Op.NOT_IN);
    assertThat(((Expr.Cidr) cidr.value()).prefixLength()).isEqualTo(16);
  }

  @Test
  void net_port_is_amended_to_net_dst_port() {
    assertThat(((Predicate) compile("net.port == 80")).field()).isEqualTo("net.dst.port");
  }

  @Test
  void stream_routes_know_no_http_fields() {
    assertThatThrownBy(() -> ExpressionSchema.STREAM.compile("http.path == \"/\""))
        .hasMessage("Unknown LHS field");
    assertThat(ExpressionSchema.STREAM.compile("tls.sni == \"a.test\"")).isNotNull();
  }
}
