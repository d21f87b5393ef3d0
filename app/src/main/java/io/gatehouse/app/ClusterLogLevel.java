package io.gatehouse.app;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.LogLevelControl;
import io.gatehouse.app.settings.LogLevel;
import io.gatehouse.core.json.Json;
import io.gatehouse.store.ClusterEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's log level shared with its cluster (Kong's runloop/log_level.lua): a level set through
 * {@code /debug/cluster/log-level} goes out as a {@code log_level} cluster event with its timeout,
 * and every other node sets it for that timeout from when it hears it.
 */
final class ClusterLogLevel implements LogLevelControl {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterLogLevel.class);
  static final String CHANNEL = "log_level"; // Kong's cluster event channel

  private final LogbackLevels local;
  private final ClusterEvents events;

  ClusterLogLevel(LogbackLevels local, ClusterEvents events) {
    this.local = requireNonNull(local, "local");
    this.events = requireNonNull(events, "events");
    events.subscribe(CHANNEL, this::heard);
  }

  @Override
  public String current() {
    return local.current();
  }

  @Override
  public void set(String kongLevel, long timeoutSeconds) {
    local.set(kongLevel, timeoutSeconds);
  }

  @Override
  public void setInCluster(String kongLevel, long timeoutSeconds) {
    local.set(kongLevel, timeoutSeconds);
    events.broadcast(CHANNEL, Json.object().put("log_level", kongLevel).put("timeout", timeoutSeconds).toString());
  }

  private void heard(String data) {
    LOG.info("log level cluster event received");
    JsonNode event = Json.parse(data);
    String level = event.path("log_level").asText();
    if (!LogLevel.kongNames().contains(level)) {
      LOG.error("log level cluster event with an unknown level: {}", data);
      return;
    }
    local.set(level, event.path("timeout").asLong(0));
  }
}
