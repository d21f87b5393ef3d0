package io.gatehouse.app.settings;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Builds {@link Settings} from, highest precedence first: command-line values, the environment
 * ({@code GATEHOUSE_<KEY>}, then {@code KONG_<KEY>}), one configuration file, and the defaults
 * of {@link KnownSettings}.
 *
 * <p>The file is the one given with {@code -c}; without it the first that exists of
 * {@link #DEFAULT_CONF_FILES}: Gatehouse's own, then Kong's two, so a Kong host keeps its
 * configuration when Gatehouse replaces Kong.
 */
public final class SettingsLoader {
  /** Searched in order when no file is given. */
  public static final List<Path> DEFAULT_CONF_FILES =
      List.of(Path.of("/etc/gatehouse/gatehouse.conf"), Path.of("/etc/kong/kong.conf"), Path.of("/etc/kong.conf"));

  private final Map<String, String> env;
  private final List<Path> defaultConfFiles;
  private final Path userHome;

  /**
   * @param env the environment to read ({@code System.getenv()} in production)
   * @param defaultConfFiles files tried in order when no file is given
   * @param userHome the user's home, for the default prefix
   */
  public SettingsLoader(Map<String, String> env, List<Path> defaultConfFiles, Path userHome) {
    this.env = Map.copyOf(requireNonNull(env, "env"));
    this.defaultConfFiles = List.copyOf(requireNonNull(defaultConfFiles, "defaultConfFiles"));
    this.userHome = requireNonNull(userHome, "userHome");
  }

  /** A loader for this process: its environment, the default files and {@code user.home}. */
  public static SettingsLoader system() {
    return new SettingsLoader(System.getenv(), DEFAULT_CONF_FILES, Path.of(System.getProperty("user.home")));
  }

  /**
   * The default prefix: {@code $XDG_DATA_HOME/gatehouse}, else {@code ~/.local/share/gatehouse}
   * (the XDG default), so each user has their own and no root is needed.
   */
  public Path defaultPrefix() {
    String xdg = env.get("XDG_DATA_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "gatehouse");
    }
    return userHome.resolve(".local/share/gatehouse");
  }

  /**
   * Loads and validates.
   *
   * @param confFile the {@code -c} file, or {@code null} to search {@link #DEFAULT_CONF_FILES}
   * @param cli values given on the command line (e.g. {@code prefix} from {@code --prefix})
   * @throws SettingsException listing every invalid value
   */
  public Settings load(@Nullable Path confFile, Map<String, String> cli) {
    requireNonNull(cli, "cli");
    List<String> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();

    Path file = confFile;
    if (file != null && !Files.isRegularFile(file)) {
      throw new SettingsException(List.of("configuration file not found: " + file));
    }
    if (file == null) {
      file = defaultConfFiles.stream().filter(Files::isRegularFile).findFirst().orElse(null);
    }
    Map<String, String> fromFile = file == null ? Map.of() : ConfFileParser.parse(file);
    String fileName = String.valueOf(file);

    // lowest precedence first; each later source overwrites
    Map<String, String> text = new LinkedHashMap<>();
    for (SettingKey key : KnownSettings.all()) {
      if (key.defaultValue() != null) {
        text.put(key.name(), key.defaultValue());
      }
    }
    fromFile.forEach((key, value) -> {
      text.put(key, value);
      warnIfUnknown(key, "in " + fileName, warnings);
    });
    text.putAll(fromEnvironment("KONG_"));
    text.putAll(fromEnvironment("GATEHOUSE_"));
    cli.forEach((key, value) -> {
      String k = key.toLowerCase(Locale.ROOT);
      text.put(k, value);
      warnIfUnknown(k, "on the command line", warnings);
    });

    TracingChecks.applyAliases(text, warnings);
    Map<String, @Nullable Object> typed = new LinkedHashMap<>();
    for (SettingKey key : KnownSettings.all()) {
      try {
        typed.put(key.name(), SettingValues.convert(key, text.get(key.name())));
      } catch (IllegalArgumentException e) {
        errors.add(e.getMessage());
      }
    }
    TracingChecks.check(typed, errors);
    TlsSettings.check(typed, errors, warnings);
    if (!errors.isEmpty()) {
      throw new SettingsException(errors);
    }

    String prefixText = text.get("prefix");
    Path prefix = (prefixText == null || prefixText.isBlank() || prefixText.strip().equals("NONE"))
        ? defaultPrefix() : Path.of(prefixText.strip());
    prefix = prefix.toAbsolutePath().normalize();
    text.put("prefix", prefix.toString());
    typed.put("prefix", prefix.toString());
    return new Settings(prefix, file == null ? null : file.toAbsolutePath(), text, typed, warnings);
  }

  /** Known keys and {@code nginx_*} keys from variables named {@code <envPrefix><KEY>}. */
  private Map<String, String> fromEnvironment(String envPrefix) {
    Map<String, String> out = new LinkedHashMap<>();
    env.forEach((name, value) -> {
      if (name.startsWith(envPrefix) && name.length() > envPrefix.length()) {
        String key = name.substring(envPrefix.length()).toLowerCase(Locale.ROOT);
        // other GATEHOUSE_*/KONG_* variables (e.g. KONG_VERSION in images) are not settings
        if (KnownSettings.find(key) != null || key.startsWith("nginx_")) {
          out.put(key, value);
        }
      }
    });
    return out;
  }

  private static void warnIfUnknown(String key, String where, List<String> warnings) {
    if (KnownSettings.find(key) != null) {
      return;
    }
    if (key.startsWith("nginx_")) {
      warnings.add("setting '" + key + "' " + where + " is an nginx directive Gatehouse does not use; ignored");
    } else {
      warnings.add("unknown setting '" + key + "' " + where + "; ignored");
    }
  }
}
