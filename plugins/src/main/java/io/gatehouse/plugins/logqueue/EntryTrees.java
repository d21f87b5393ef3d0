package io.gatehouse.plugins.logqueue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.sdk.LogEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Log entries as JSON trees, for senders that pick fields (statsd's metrics, syslog's severity); runs on a queue's thread. */
public final class EntryTrees {
  private EntryTrees() {}

  public static List<JsonNode> of(List<LogEntry> entries) throws IOException {
    List<JsonNode> trees = new ArrayList<>(entries.size());
    for (LogEntry e : entries) {
      trees.add(Json.MAPPER.readTree(e.toJsonBytes()));
    }
    return trees;
  }
}
