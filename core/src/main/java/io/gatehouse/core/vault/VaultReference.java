package io.gatehouse.core.vault;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A parsed {@code {vault://<name-or-prefix>/<resource>[/<key>][?<config>][#<version>]}} (Kong's
 * {@code parse_reference}): the last path segment is a JSON key unless the path ends with {@code /}.
 *
 * @param name a vault kind ({@code env}) or a configured vault's prefix
 * @param key a field of a JSON secret, or null
 * @param config options from the query string that override the vault's config
 * @param version 1 unless {@code #n} was given
 */
public record VaultReference(String name, String resource, @Nullable String key, Map<String, String> config, int version) {

  /** Parses {@code reference}; throws {@link VaultException} with Kong's message when it is malformed. */
  public static VaultReference parse(String reference) {
    if (!reference.startsWith("{vault://") || !reference.endsWith("}")) {
      throw new VaultException(VaultException.Kind.INVALID, "not a reference [" + reference + "]");
    }
    String url = reference.substring("{vault://".length(), reference.length() - 1);
    int version = 1;
    int hash = url.indexOf('#');
    if (hash >= 0) {
      try {
        version = Integer.parseInt(url.substring(hash + 1));
      } catch (NumberFormatException e) {
        throw new VaultException(VaultException.Kind.INVALID, "reference url has invalid version [" + reference + "]");
      }
      url = url.substring(0, hash);
    }
    Map<String, String> config = new LinkedHashMap<>();
    int q = url.indexOf('?');
    if (q >= 0) {
      for (String pair : url.substring(q + 1).split("&")) {
        if (!pair.isEmpty()) {
          int eq = pair.indexOf('=');
          config.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "true" : decode(pair.substring(eq + 1)));
        }
      }
      url = url.substring(0, q);
    }
    int slash = url.indexOf('/');
    if (slash <= 0) {
      throw new VaultException(VaultException.Kind.INVALID, slash == 0 ? "reference url is missing host [" + reference + "]"
          : "reference url is missing path [" + reference + "]");
    }
    String name = url.substring(0, slash);
    String path = url.substring(slash + 1);
    String[] parts = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    if (parts.length == 0) {
      throw new VaultException(VaultException.Kind.INVALID, "reference url has empty path [" + reference + "]");
    }
    String resource;
    String key = null;
    if (parts.length == 1 || path.endsWith("/")) {
      resource = decode(String.join("/", parts));
    } else {
      resource = decode(String.join("/", Arrays.copyOf(parts, parts.length - 1)));
      key = decode(parts[parts.length - 1]);
    }
    return new VaultReference(name, resource, key, Map.copyOf(config), version);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
