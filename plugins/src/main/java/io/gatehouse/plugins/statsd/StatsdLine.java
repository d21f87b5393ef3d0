package io.gatehouse.plugins.statsd;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * One statsd line, {@code <prefix>.<stat>:<value>|<type>[|@<rate>]}, with tags written in one of the
 * styles Kong's statsd plugin knows (its {@code statsd_logger.lua}) or DogStatsD's {@code |#} list.
 */
public final class StatsdLine {
  private StatsdLine() {}

  /** Kong's {@code tag_style}: where the tags go in a line. */
  public enum TagStyle {
    /** {@code name:value|c|#k:v,k2:v2} */
    DOGSTATSD,
    /** {@code name,k=v,k2=v2:value|c} */
    INFLUXDB,
    /** {@code name#k=v,k2=v2:value|c} */
    LIBRATO,
    /** {@code name[k=v,k2=v2]:value|c} */
    SIGNALFX;

    static @Nullable TagStyle of(@Nullable String kongName) {
      return kongName == null ? null : valueOf(kongName.toUpperCase(java.util.Locale.ROOT));
    }
  }

  /** A line without tags. */
  public static String plain(String prefix, String stat, String value, String type, @Nullable Double sampleRate) {
    return prefix + "." + stat + ":" + value + "|" + type + rate(sampleRate);
  }

  /** A line with tags in this style (in the map's order). */
  public static String tagged(String prefix, String stat, String value, String type, @Nullable Double sampleRate,
      Map<String, String> tags, TagStyle style) {
    String sep = style == TagStyle.DOGSTATSD ? ":" : "=";
    StringJoiner joined = new StringJoiner(",");
    tags.forEach((k, v) -> joined.add(k + sep + v));
    String name = prefix + "." + stat;
    String rest = ":" + value + "|" + type + rate(sampleRate);
    return switch (style) {
      case DOGSTATSD -> name + rest + "|#" + joined;
      case INFLUXDB -> name + "," + joined + rest;
      case LIBRATO -> name + "#" + joined + rest;
      case SIGNALFX -> name + "[" + joined + "]" + rest;
    };
  }

  /** {@code |@rate}, left out at rate 1 or none. */
  public static String rate(@Nullable Double sampleRate) {
    return sampleRate == null || sampleRate == 1 ? "" : "|@" + number(sampleRate);
  }

  /** A number as Lua prints it (14 significant digits, integers without a point): {@code 12}, {@code 0.5}. */
  /** Kong's statsd type letter for a {@code stat_type} (datadog also has {@code distribution}). */
  public static String type(String statType) {
    return switch (statType) {
      case "gauge" -> "g";
      case "counter" -> "c";
      case "timer" -> "ms";
      case "histogram" -> "h";
      case "meter" -> "m";
      case "set" -> "s";
      case "distribution" -> "d";
      default -> throw new IllegalArgumentException("stat_type " + statType);
    };
  }

  public static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
    String s = new BigDecimal(v).round(new MathContext(14)).stripTrailingZeros().toString();
    return s.replace("E", "e");
  }
}
