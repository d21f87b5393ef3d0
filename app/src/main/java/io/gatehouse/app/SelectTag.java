package io.gatehouse.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.declarative.DeclarativeConfig;
import io.gatehouse.core.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** decK's {@code --select-tag}: every entity of the file is owned by the tag, so it gets the tag. */
final class SelectTag {
  private SelectTag() {}

  static DeclarativeConfig apply(DeclarativeConfig config, String tag) {
    Map<String, List<ObjectNode>> tables = new LinkedHashMap<>();
    config.tables().forEach((table, rows) -> tables.put(table, rows.stream().map(e -> tagged(e, tag)).toList()));
    return new DeclarativeConfig(config.formatVersion(), config.transform(), config.hash(), tables, config.workspace(),
        config.products());
  }

  private static ObjectNode tagged(ObjectNode e, String tag) {
    if (!e.has("tags") || Json.strings(e, "tags").contains(tag)) {
      return e;
    }
    ObjectNode copy = e.deepCopy();
    ArrayNode tags = copy.get("tags").isArray() ? (ArrayNode) copy.get("tags") : copy.putArray("tags");
    tags.add(tag);
    return copy;
  }
}
