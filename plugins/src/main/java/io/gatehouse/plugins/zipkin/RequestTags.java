package io.gatehouse.plugins.zipkin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kong's {@code request_tags.lua}: {@code name=value; other=value} pairs from the tags header. */
final class RequestTags {
  private static final Logger log = LoggerFactory.getLogger(RequestTags.class);
  private static final Pattern ITEM = Pattern.compile("^\\s*(\\S+)\\s*=\\s*(.*\\S)\\s*$");

  private RequestTags() {}

  static Map<String, String> parse(List<String> headerValues) {
    Map<String, String> tags = new LinkedHashMap<>();
    List<String> errors = new ArrayList<>();
    for (String value : headerValues) {
      for (String item : value.split(";", -1)) {
        if (item.isEmpty()) continue;
        Matcher m = ITEM.matcher(item);
        if (m.matches()) {
          tags.put(m.group(1), m.group(2));
        } else {
          errors.add(item);
        }
      }
    }
    if (!errors.isEmpty()) log.warn("Could not parse the following Zipkin tags: {}", String.join(", ", errors));
    return tags;
  }
}
