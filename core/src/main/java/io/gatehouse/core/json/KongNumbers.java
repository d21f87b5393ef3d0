package io.gatehouse.core.json;

import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NumericNode;
import com.fasterxml.jackson.databind.node.ValueNode;
import java.math.BigDecimal;

/**
 * A node factory whose doubles print as Kong's cjson prints them: a millisecond timestamp such as a
 * target's {@code created_at} is {@code 1796395674.643}, never Java's {@code 1.796395674643E9}.
 * Large doubles become decimal nodes with a non-negative scale (which print plainly); doubles below
 * 10^7 already print plainly and stay doubles.
 */
final class KongNumbers extends JsonNodeFactory {
  static final KongNumbers INSTANCE = new KongNumbers();

  private KongNumbers() {
    super(false);
  }

  @Override
  public NumericNode numberNode(double v) {
    if (Math.abs(v) < 1e7 || !Double.isFinite(v)) {
      return DoubleNode.valueOf(v);
    }
    BigDecimal d = BigDecimal.valueOf(v);
    return DecimalNode.valueOf(d.scale() < 0 ? d.setScale(0) : d);
  }

  @Override
  public ValueNode numberNode(Double v) {
    return v == null ? nullNode() : numberNode(v.doubleValue());
  }
}
