package io.gatehouse.app.settings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads Kong's {@code kong.conf} syntax: one {@code key = value} per line, {@code #} starts a
 * comment unless written {@code \#}, blank lines are skipped, and a later line wins over an earlier
 * one. Values stay text; {@link SettingValues} gives them types.
 */
public final class ConfFileParser {
  private ConfFileParser() {}

  /** Reads a file; errors name the file and line. */
  public static Map<String, String> parse(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SettingsException(List.of("cannot read configuration file " + file + ": " + e));
    }
    return parse(file.toString(), text);
  }

  /** Parses text; {@code source} names it in error messages. */
  public static Map<String, String> parse(String source, String text) {
    Map<String, String> out = new LinkedHashMap<>();
    List<String> errors = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = stripComment(lines[i]).strip();
      if (line.isEmpty()) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        errors.add(source + ":" + (i + 1) + ": expected 'key = value', got '" + line + "'");
        continue;
      }
      String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      if (!key.matches("[a-z0-9_]+")) {
        errors.add(source + ":" + (i + 1) + ": invalid key '" + key + "'");
        continue;
      }
      out.put(key, line.substring(eq + 1).strip());
    }
    if (!errors.isEmpty()) {
      throw new SettingsException(errors);
    }
    return out;
  }

  /** Drops everything from the first unescaped {@code #}, and turns {@code \#} into {@code #}. */
  static String stripComment(String line) {
    StringBuilder sb = new StringBuilder(line.length());
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == '#') {
        sb.append('#');
        i++;
      } else if (c == '#') {
        break;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
