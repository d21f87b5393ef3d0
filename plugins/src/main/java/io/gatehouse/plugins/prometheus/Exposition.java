package io.gatehouse.plugins.prometheus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Kong's text exposition: every sample line sorted by its name and labels as Kong's shared
 * dictionary keys sort (bucket bounds compare as numbers, {@code +Inf} last), {@code # HELP} and
 * {@code # TYPE} before a family's first line, label values with {@code \}, {@code "} (and
 * newlines) escaped. Only series that have a value are written.
 */
final class Exposition {
  private record Line(String sortKey, KongMetrics family, String text) {}

  private final List<Line> lines = new ArrayList<>();

  /** A counter or gauge sample. */
  void sample(KongMetrics m, List<String> labelValues, long value) {
    String labels = labels(m.labels, labelValues, null);
    lines.add(new Line(m.name + labels, m, m.fullName() + labels + " " + value));
  }

  /** A counter of fractions (AI cost), printed as Lua prints numbers (14 significant digits). */
  void sample(KongMetrics m, List<String> labelValues, double value) {
    String labels = labels(m.labels, labelValues, null);
    String text = new java.math.BigDecimal(value).round(new java.math.MathContext(14)).stripTrailingZeros().toPlainString();
    lines.add(new Line(m.name + labels, m, m.fullName() + labels + " " + text));
  }

  /**
   * One histogram series from its recorded slots at {@code at}: per-bucket counts (made
   * cumulative here), the +Inf bucket, count and sum.
   */
  void histogram(KongMetrics m, List<String> labelValues, long[] slots, int at) {
    long[] bounds = m.buckets;
    long cumulative = 0;
    for (int i = 0; i <= bounds.length; i++) {
      cumulative += slots[at + i];
      boolean inf = i == bounds.length;
      String sortLe = inf ? "Inf" : String.format("%019d", bounds[i]);
      String le = inf ? "+Inf" : Long.toString(bounds[i]);
      lines.add(new Line(m.name + "_bucket" + labels(m.labels, labelValues, sortLe), m,
          m.fullName() + "_bucket" + labels(m.labels, labelValues, le) + " " + cumulative));
    }
    String labels = labels(m.labels, labelValues, null);
    lines.add(new Line(m.name + "_count" + labels, m, m.fullName() + "_count" + labels + " " + slots[at + bounds.length + 1]));
    lines.add(new Line(m.name + "_sum" + labels, m, m.fullName() + "_sum" + labels + " " + slots[at + bounds.length + 2]));
  }

  /** The exposition text. */
  String render() {
    lines.sort(Comparator.comparing(Line::sortKey));
    StringBuilder out = new StringBuilder(lines.size() * 96);
    @Nullable KongMetrics last = null;
    for (Line l : lines) {
      if (l.family != last) {
        out.append("# HELP ").append(l.family.fullName()).append(' ').append(l.family.help).append('\n');
        out.append("# TYPE ").append(l.family.fullName()).append(' ').append(l.family.type.text()).append('\n');
        last = l.family;
      }
      out.append(l.text).append('\n');
    }
    return out.toString();
  }

  private static String labels(List<String> names, List<String> values, @Nullable String le) {
    if (names.isEmpty() && le == null) return "";
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) sb.append(',');
      sb.append(names.get(i)).append("=\"");
      escape(values.get(i), sb);
      sb.append('"');
    }
    if (le != null) {
      if (!names.isEmpty()) sb.append(',');
      sb.append("le=\"").append(le).append('"');
    }
    return sb.append('}').toString();
  }

  private static void escape(String v, StringBuilder sb) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '"' -> sb.append("\\\"");
        case '\n' -> sb.append("\\n");
        default -> sb.append(c);
      }
    }
  }
}
