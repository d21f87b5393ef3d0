package io.gatehouse.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.admin.audit.AuditExport;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.logqueue.LogSinkPlugin;
import io.gatehouse.proxy.plugins.AuditSinks;
import io.gatehouse.sdk.LogEntry;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends audit records to the active configuration's audit sinks (logging plugin instances tagged
 * {@value AuditSinks#TAG}; one outside the default workspace only its workspace's records) through each sink's own queue: the Admin request only enqueues, the
 * queue's thread delivers with the plugin's batching and retries.
 */
final class LogSinkAuditExport implements AuditExport {
  private static final Logger LOG = LoggerFactory.getLogger(LogSinkAuditExport.class);

  private final Supplier<List<AuditSinks.Sink>> sinks;

  LogSinkAuditExport(Supplier<List<AuditSinks.Sink>> sinks) {
    this.sinks = sinks;
  }

  @Override
  public boolean active() {
    return !sinks.get().isEmpty();
  }

  @Override
  public void export(ObjectNode record) {
    List<AuditSinks.Sink> now = sinks.get();
    if (now.isEmpty()) return;
    LogEntry entry = new RecordEntry(record);
    String workspace = record.path("workspace").asText();
    for (AuditSinks.Sink sink : now) {
      if (!sink.receives(workspace)) {
        continue; // a workspace's sink gets only that workspace's records
      }
      if (sink.plugin() instanceof LogSinkPlugin<?> plugin) {
        send(plugin, sink.config(), entry);
      } else {
        LOG.warn("plugin instance {} ({}) is tagged {} but its plugin is not a log sink; it gets no audit records",
            sink.id(), sink.name(), AuditSinks.TAG);
      }
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"}) // the config was bound by this very plugin
  private static void send(LogSinkPlugin plugin, Object config, LogEntry entry) {
    plugin.export((Record) config, entry);
  }

  /** One record as a log entry, encoded once for every sink. */
  private static final class RecordEntry implements LogEntry {
    private final ObjectNode record;
    private final byte[] json;

    RecordEntry(ObjectNode record) {
      this.record = record;
      try {
        this.json = Json.MAPPER.writeValueAsBytes(record);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot encode an audit record", e);
      }
    }

    @Override
    public byte[] toJsonBytes() {
      return json.clone();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> toMap() {
      return Json.MAPPER.convertValue(record, Map.class);
    }
  }
}
