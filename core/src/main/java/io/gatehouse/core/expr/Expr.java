package io.gatehouse.core.expr;

import com.google.re2j.Pattern;
import java.util.List;

/** A parsed ATC router expression (Kong's {@code expressions} router flavor): a tree of predicates. */
public sealed interface Expr {
  /** {@code left && right}. */
  record And(Expr left, Expr right) implements Expr {}

  /** {@code left || right}. */
  record Or(Expr left, Expr right) implements Expr {}

  /** {@code !(inner)}. */
  record Not(Expr inner) implements Expr {}

  /**
   * {@code field op value}, e.g. {@code lower(http.host) == "a.example"}.
   *
   * @param field the request field, e.g. {@code http.headers.x_foo}
   * @param lower the {@code lower()} transformation applies
   * @param any the {@code any()} transformation applies: one matching value suffices (else all must match)
   */
  record Predicate(String field, boolean lower, boolean any, Op op, Literal value) implements Expr {}

  /** The right-hand side of a predicate. */
  sealed interface Literal {}

  /** A string literal (escapes resolved). */
  record Str(String value) implements Literal {}

  /** An integer literal. */
  record Int(long value) implements Literal {}

  /** An IP address literal, as its bytes (4 or 16). */
  record Ip(byte[] address, String text) implements Literal {}

  /** A CIDR literal: network bytes and prefix length. */
  record Cidr(byte[] network, int prefixLength, String text) implements Literal {}

  /** A compiled regex (the right-hand side of {@code ~}). */
  record Regex(Pattern pattern, String source) implements Literal {}

  /** The binary operators of the ATC language. */
  enum Op {
    EQUALS("=="), NOT_EQUALS("!="), REGEX("~"), PREFIX("^="), POSTFIX("=^"),
    GREATER(">"), GREATER_OR_EQUAL(">="), LESS("<"), LESS_OR_EQUAL("<="),
    IN("in"), NOT_IN("not in"), CONTAINS("contains");

    final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  /** Every field name the expression reads, in order of appearance (with repeats). */
  static List<String> fields(Expr e) {
    java.util.ArrayList<String> out = new java.util.ArrayList<>();
    collect(e, out);
    return out;
  }

  private static void collect(Expr e, List<String> out) {
    switch (e) {
      case And a -> {
        collect(a.left(), out);
        collect(a.right(), out);
      }
      case Or o -> {
        collect(o.left(), out);
        collect(o.right(), out);
      }
      case Not n -> collect(n.inner(), out);
      case Predicate p -> out.add(p.field());
    }
  }
}
