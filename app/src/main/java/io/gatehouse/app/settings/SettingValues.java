package io.gatehouse.app.settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Turns a setting's text into its typed value, with Kong's error wording. */
final class SettingValues {
  private static final Pattern SIZE = Pattern.compile("(\\d+)([kKmMgG]?)");
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)?");

  private SettingValues() {}

  /**
   * The typed value of {@code text} for {@code key}: {@code null} for {@code NONE} (an empty list
   * for lists), else a {@code String}, {@code Integer}, {@code Double}, {@code Boolean},
   * {@code List<String>}, {@code List<Listener>}, {@code Long} (bytes) or {@link Duration}.
   *
   * @throws IllegalArgumentException naming the key and the value
   */
  static @Nullable Object convert(SettingKey key, @Nullable String text) {
    String name = key.name();
    if (text == null || text.strip().equals("NONE")) {
      return switch (key.type()) {
        case LIST, LISTENERS -> List.of();
        default -> null;
      };
    }
    String value = text.strip();
    return switch (key.type()) {
      case STRING -> oneOf(key, value);
      case INTEGER -> {
        try {
          yield Integer.parseInt(value);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(name + " is not a number: '" + value + "'");
        }
      }
      case NUMBER -> {
        try {
          yield Double.parseDouble(value);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(name + " is not a number: '" + value + "'");
        }
      }
      case BOOLEAN -> switch (value.toLowerCase(Locale.ROOT)) {
        case "on", "true" -> true;
        case "off", "false" -> false;
        default -> throw new IllegalArgumentException(name + " is not a boolean: '" + value + "' (on, off)");
      };
      case LIST -> {
        List<String> items = new ArrayList<>();
        for (String item : value.split(",")) {
          if (!item.isBlank()) {
            items.add(oneOf(key, item.strip()));
          }
        }
        yield List.copyOf(items);
      }
      case LISTENERS -> ListenerParser.parse(name, value);
      case SIZE -> parseSize(name, value);
      case DURATION -> parseDuration(name, value);
    };
  }

  /** nginx size syntax: {@code 0}, {@code 512}, {@code 8k}, {@code 10m}, {@code 1g}. */
  static long parseSize(String name, String value) {
    Matcher m = SIZE.matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException(name + " is not a size: '" + value + "' (e.g. 0, 8k, 10m, 1g)");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "k" -> n * 1024;
      case "m" -> n * 1024 * 1024;
      case "g" -> n * 1024 * 1024 * 1024;
      default -> n;
    };
  }

  /** nginx time syntax: {@code 500ms}, {@code 60s}, {@code 5m}, {@code 1h}, {@code 1d}; a bare number is seconds. */
  static Duration parseDuration(String name, String value) {
    Matcher m = DURATION.matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException(name + " is not a time: '" + value + "' (e.g. 500ms, 60s, 5m)");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofSeconds(n);
    };
  }

  /** The allowed spelling of {@code value} when the key has a choice list, else {@code value}. */
  private static String oneOf(SettingKey key, String value) {
    if (key.oneOf().isEmpty()) {
      return value;
    }
    for (String allowed : key.oneOf()) {
      if (allowed.equalsIgnoreCase(value)) {
        return allowed;
      }
    }
    if (key.name().equals("database") && value.equalsIgnoreCase("cassandra")) {
      throw new IllegalArgumentException("Cassandra as a datastore for Kong is not supported in versions"
          + " 3.4 and above. Please use Postgres.");
    }
    throw new IllegalArgumentException(key.name() + " has an invalid value: '" + value + "' ("
        + String.join(", ", key.oneOf()) + ")");
  }
}
