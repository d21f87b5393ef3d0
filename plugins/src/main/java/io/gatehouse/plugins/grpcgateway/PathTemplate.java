package io.gatehouse.plugins.grpcgateway;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A {@code google.api.http} path template compiled as Kong's grpc-gateway does
 * ({@code parse_options_path}): {@code {field}} and {@code {field=*}} match one segment,
 * {@code **} in {@code {field=a/**}} matches the rest, the template matches the whole path. Unlike
 * Kong, literal text is matched literally (Kong's regex lets {@code .} match any character).
 */
final class PathTemplate {
  private static final java.util.regex.Pattern VARIABLE =
      java.util.regex.Pattern.compile("\\{([-_.~0-9a-zA-Z]+)=?((?:(?:\\*|\\*\\*|[-_.~0-9a-zA-Z])/?)+)?}");

  private final Pattern regex;
  private final List<String> variables;

  private PathTemplate(Pattern regex, List<String> variables) {
    this.regex = regex;
    this.variables = variables;
  }

  static PathTemplate compile(String template) {
    StringBuilder re = new StringBuilder();
    List<String> vars = new ArrayList<>();
    java.util.regex.Matcher m = VARIABLE.matcher(template);
    int at = 0;
    while (m.find()) {
      re.append(Pattern.quote(template.substring(at, m.start())));
      vars.add(m.group(1));
      String segments = m.group(2);
      if (segments == null || segments.equals("*")) {
        re.append("([^/]+)");
      } else {
        re.append('(').append(segments(segments)).append(')');
      }
      at = m.end();
    }
    re.append(Pattern.quote(template.substring(at)));
    return new PathTemplate(Pattern.compile(re.toString()), List.copyOf(vars));
  }

  /** {@code a/*}{@code /**} as a regex: {@code **} any rest, {@code *} one segment, the rest literal. */
  private static String segments(String s) {
    StringBuilder re = new StringBuilder();
    int i = 0;
    while (i < s.length()) {
      if (s.startsWith("**", i)) {
        re.append(".+");
        i += 2;
      } else if (s.charAt(i) == '*') {
        re.append("[^/]+");
        i++;
      } else {
        int next = i;
        while (next < s.length() && s.charAt(next) != '*') next++;
        re.append(Pattern.quote(s.substring(i, next)));
        i = next;
      }
    }
    return re.toString();
  }

  /** The variables' values when {@code path} matches the whole template, else null. */
  @Nullable Map<String, String> match(String path) {
    Matcher m = regex.matcher(path);
    if (!m.matches()) return null;
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < variables.size(); i++) values.put(variables.get(i), m.group(i + 1));
    return values;
  }
}
