package io.gatehouse.plugins.requesttransformer;

/**
 * A {@code name:value} config entry, split like Kong ({@code ^([^:]+):*(.-)$}): at the first colon,
 * with any further leading colons dropped, so values may contain colons.
 */
record Pair(String name, Template value) {

  static Pair parse(String entry, boolean valueRequired) {
    int colon = entry.indexOf(':');
    String name = colon < 0 ? entry : entry.substring(0, colon);
    int at = colon < 0 ? entry.length() : colon;
    while (at < entry.length() && entry.charAt(at) == ':') {
      at++;
    }
    String value = entry.substring(at);
    if (valueRequired && value.isEmpty()) {
      throw new IllegalArgumentException("key '" + name + "' has no value");
    }
    return new Pair(name, Template.compile(value));
  }
}
