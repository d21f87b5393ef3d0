package io.gatehouse.plugins.loggly;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.plugins.logqueue.EntryTrees;
import io.gatehouse.sdk.LogEntry;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.logqueue.BatchSender;
import io.gatehouse.plugins.logqueue.NodeHostname;
import io.gatehouse.plugins.logqueue.Severity;
import io.gatehouse.plugins.logqueue.UdpSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * Sends each entry to Loggly as one RFC 5424 syslog datagram, as Kong's loggly handler builds it:
 * {@code <PRI>1 2026-12-05T03:18:37Z <hostname> kong - - [<key>@41058 tag="kong"] <entry JSON>},
 * PRI being 8 (facility user) + the severity chosen by the response status; entries less severe than
 * {@code log_level} are not sent. Runs on its queue's thread only.
 */
final class LogglySender implements BatchSender {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private final Severity logLevel;
  private final Severity successful;
  private final Severity clientErrors;
  private final Severity serverErrors;
  private final String structuredData;
  private final UdpSocket socket;

  LogglySender(LogglyPlugin.Config config) {
    this.logLevel = severity(config.logLevel());
    this.successful = severity(config.successfulSeverity());
    this.clientErrors = severity(config.clientErrorsSeverity());
    this.serverErrors = severity(config.serverErrorsSeverity());
    this.structuredData = structuredData(config.key(), config.tags());
    this.socket = new UdpSocket(config.host() != null ? config.host() : "logs-01.loggly.com",
        config.port() != null ? config.port() : 514);
  }

  private static Severity severity(@Nullable String name) {
    return Severity.of(name != null ? name : "info");
  }

  /** {@code [key@41058 tag="a" tag="b"]}; with no tags Kong leaves a space before the bracket. */
  static String structuredData(String key, @Nullable Set<String> tags) {
    StringJoiner joined = new StringJoiner(" ");
    if (tags != null) tags.forEach(t -> joined.add("tag=\"" + t + "\""));
    return "[" + key + "@41058 " + joined + "]";
  }

  @Override
  public void send(List<LogEntry> entries) throws IOException {
    List<JsonNode> batch = EntryTrees.of(entries);
    for (JsonNode entry : batch) {
      int status = entry.path("response").path("status").asInt();
      Severity severity = Severity.forStatus(status, successful, clientErrors, serverErrors);
      if (!severity.passes(logLevel)) continue;
      String line = "<" + (8 + severity.code()) + ">1 " + STAMP.format(Instant.now()) + " " + NodeHostname.get()
          + " kong - - " + structuredData + " " + Json.MAPPER.writeValueAsString(entry);
      socket.send(line.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
