package io.gatehouse.app.settings;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The effective, validated settings of one Gatehouse node. Built by {@link SettingsLoader};
 * immutable. Typed accessors cover what the node needs; {@link #redacted()} is the
 * {@code configuration} object of the Admin API's {@code GET /}.
 */
public final class Settings {
  /** What a secret's value is replaced by in {@link #redacted()}, as Kong does. */
  public static final String REDACTED = io.gatehouse.core.vault.Redaction.REDACTED;

  private final Path prefix;
  private final @Nullable Path confFile;
  private final Map<String, String> text;
  private final Map<String, @Nullable Object> typed;
  private final List<String> warnings;

  Settings(Path prefix, @Nullable Path confFile, Map<String, String> text,
      Map<String, @Nullable Object> typed, List<String> warnings) {
    this.prefix = requireNonNull(prefix, "prefix");
    this.confFile = confFile;
    this.text = Collections.unmodifiableMap(new LinkedHashMap<>(text));
    this.typed = Collections.unmodifiableMap(new LinkedHashMap<>(typed));
    this.warnings = List.copyOf(warnings);
  }

  /** The absolute prefix directory: embedded database, pid file, node id and logs live here. */
  public Path prefix() {
    return prefix;
  }

  /** The configuration file that was read, or {@code null} when only defaults and environment apply. */
  public @Nullable Path confFile() {
    return confFile;
  }

  public Path pidFile() {
    return prefix.resolve("gatehouse.pid");
  }

  public Path logsDirectory() {
    return prefix.resolve("logs");
  }

  /** Where the background process started by {@code gatehouse start} writes its output. */
  public Path errorLog() {
    return prefix.resolve(string("proxy_error_log", "logs/error.log"));
  }

  /** The embedded SQLite database file ({@code database = sqlite}). */
  public Path sqliteFile() {
    return prefix.resolve("gatehouse.db");
  }

  /** Where the node's id is kept across restarts (Kong keeps it in its prefix too). */
  public Path nodeIdFile() {
    return prefix.resolve("node.id");
  }

  public List<Listener> proxyListen() {
    return listeners("proxy_listen");
  }

  public List<Listener> adminListen() {
    return listeners("admin_listen");
  }

  public List<Listener> statusListen() {
    return listeners("status_listen");
  }

  public Database database() {
    return Database.valueOf(requireNonNull(string("database")).toUpperCase(java.util.Locale.ROOT));
  }

  public LogLevel logLevel() {
    return LogLevel.valueOf(requireNonNull(string("log_level")).toUpperCase(java.util.Locale.ROOT));
  }

  /** {@code plugins}: names, {@code bundled} for all bundled plugins, empty for {@code off}. */
  public List<String> plugins() {
    List<String> names = list("plugins");
    return names.equals(List.of("off")) ? List.of() : names;
  }

  /** {@code declarative_config} as an absolute path, or {@code null}. */
  public @Nullable Path declarativeConfig() {
    String file = string("declarative_config");
    return file == null ? null : Path.of(file).toAbsolutePath().normalize();
  }

  /** The effective text of any setting, known or not; {@code null} when unset or {@code NONE}. */
  public @Nullable String text(String key) {
    String value = text.get(requireNonNull(key, "key"));
    return value == null || value.strip().equals("NONE") ? null : value;
  }

  public @Nullable String string(String key) {
    return typedValue(key, String.class);
  }

  public String string(String key, String fallback) {
    String value = string(key);
    return value == null ? fallback : value;
  }

  public @Nullable Integer integer(String key) {
    return typedValue(key, Integer.class);
  }

  public @Nullable Double number(String key) {
    return typedValue(key, Double.class);
  }

  public @Nullable Boolean bool(String key) {
    return typedValue(key, Boolean.class);
  }

  /** A {@link SettingType#SIZE} setting in bytes ({@code 0} means unlimited for body sizes). */
  public @Nullable Long bytes(String key) {
    return typedValue(key, Long.class);
  }

  /**
   * nginx's buffer-count syntax ({@code large_client_header_buffers 4 8k}): the number and the size
   * in bytes; null when unset.
   */
  public long @Nullable [] buffers(String key) {
    String v = typedValue(key, String.class);
    if (v == null) return null;
    String[] parts = v.strip().split("\\s+");
    try {
      if (parts.length == 2) return new long[] {Long.parseLong(parts[0]), SettingValues.parseSize(key, parts[1])};
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(key + " is not a number and a size: '" + v + "' (e.g. 4 8k)");
  }

  public @Nullable Duration duration(String key) {
    return typedValue(key, Duration.class);
  }

  @SuppressWarnings("unchecked")
  public List<String> list(String key) {
    List<String> value = typedValue(key, List.class);
    return value == null ? List.of() : value;
  }

  @SuppressWarnings("unchecked")
  public List<Listener> listeners(String key) {
    List<Listener> value = typedValue(key, List.class);
    return value == null ? List.of() : value;
  }

  /** Every known setting's typed value, by name (for checks that read several keys together). */
  Map<String, @Nullable Object> typedValues() {
    return typed;
  }

  /** Problems that did not stop loading (unknown keys), for the log. */
  /** Every key with a value (known keys, and the unknown ones a file or the environment set). */
  public java.util.Set<String> keys() {
    return text.keySet();
  }

  public List<String> warnings() {
    return warnings;
  }

  /**
   * The effective configuration as plain JSON-able values (strings, numbers, booleans, lists,
   * maps) with secrets replaced by {@value #REDACTED}; unset keys are left out, and each
   * {@code *_listen} key also gets Kong's parsed {@code *_listeners} list. For {@code GET /}.
   */
  public Map<String, Object> redacted() {
    Map<String, Object> out = new TreeMap<>();
    for (Map.Entry<String, String> e : text.entrySet()) {
      String key = e.getKey();
      SettingKey known = KnownSettings.find(key);
      boolean secret = known != null ? known.secret() : SettingKey.looksSecret(key);
      Object value = known == null ? text(key) : typed.get(key);
      if (value == null) {
        continue;
      }
      if (secret) {
        out.put(key, REDACTED);
        continue;
      }
      if (known != null) {
        switch (known.type()) {
          case SIZE, DURATION -> value = e.getValue().strip();
          case LISTENERS -> {
            List<String> specs = new ArrayList<>();
            List<Map<String, Object>> parsed = new ArrayList<>();
            for (Listener l : listeners(key)) {
              specs.add(l.spec());
              parsed.add(l.toMap());
            }
            value = specs;
            out.put(key.replace("_listen", "_listeners"), parsed);
          }
          default -> { }
        }
      }
      out.put(key, value);
    }
    out.put("prefix", prefix.toString());
    return out;
  }

  private <T> @Nullable T typedValue(String key, Class<T> type) {
    requireNonNull(key, "key");
    SettingKey known = KnownSettings.find(key);
    if (known == null) {
      throw new IllegalArgumentException("key: " + key + " (expected: a known setting; use text() for others)");
    }
    Object value = typed.get(key);
    if (value != null && !type.isInstance(value)) {
      throw new IllegalArgumentException("key: " + key + " is a " + known.type() + " setting, not " + type.getSimpleName());
    }
    return type.cast(value);
  }

  @Override
  public String toString() {
    return "Settings" + redacted();
  }
}
