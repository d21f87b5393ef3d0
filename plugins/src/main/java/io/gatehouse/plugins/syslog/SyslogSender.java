package io.gatehouse.plugins.syslog;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.plugins.logqueue.EntryTrees;
import io.gatehouse.sdk.LogEntry;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.logqueue.BatchSender;
import io.gatehouse.plugins.logqueue.Severity;
import io.gatehouse.plugins.logqueue.UnixDatagramSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Writes entries to the local syslog socket as Kong's {@code lsyslog} does through {@code syslog(3)}
 * ({@code openlog("kong", LOG_PID, facility)}): one datagram
 * {@code <PRI>Mmm dd hh:mm:ss kong[pid]: <entry JSON>} (RFC 3164 header, local time), PRI being
 * facility × 8 + severity. The severity follows the response status; entries less severe than
 * {@code log_level} are not written. Runs on its queue's thread only.
 */
final class SyslogSender implements BatchSender {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH);
  private static final long PID = ProcessHandle.current().pid();

  private final Severity logLevel;
  private final Severity successful;
  private final Severity clientErrors;
  private final Severity serverErrors;
  private final int facility;
  private final UnixDatagramSocket socket;

  SyslogSender(SyslogPlugin.Config config, String socketPath) {
    this.logLevel = Severity.of(config.logLevel());
    this.successful = Severity.of(config.successfulSeverity());
    this.clientErrors = Severity.of(config.clientErrorsSeverity());
    this.serverErrors = Severity.of(config.serverErrorsSeverity());
    this.facility = facilityCode(config.facility());
    this.socket = new UnixDatagramSocket(socketPath);
  }

  /** The facility codes of {@code <syslog.h>} (RFC 5424 table 1). */
  static int facilityCode(String name) {
    return switch (name) {
      case "kern" -> 0;
      case "user" -> 1;
      case "mail" -> 2;
      case "daemon" -> 3;
      case "auth" -> 4;
      case "syslog" -> 5;
      case "lpr" -> 6;
      case "news" -> 7;
      case "uucp" -> 8;
      case "cron" -> 9;
      case "authpriv" -> 10;
      case "ftp" -> 11;
      default -> {
        if (!name.matches("local[0-7]")) throw new IllegalArgumentException("facility " + name);
        yield 16 + (name.charAt(5) - '0');
      }
    };
  }

  @Override
  public void send(List<LogEntry> entries) throws IOException {
    List<JsonNode> batch = EntryTrees.of(entries);
    for (JsonNode entry : batch) {
      int status = entry.path("response").path("status").asInt();
      Severity severity = Severity.forStatus(status, successful, clientErrors, serverErrors);
      if (!severity.passes(logLevel)) continue;
      String head = "<" + (facility * 8 + severity.code()) + ">" + STAMP.format(ZonedDateTime.now()) + " kong[" + PID
          + "]: ";
      byte[] json = Json.MAPPER.writeValueAsBytes(entry);
      byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
      byte[] datagram = new byte[headBytes.length + json.length];
      System.arraycopy(headBytes, 0, datagram, 0, headBytes.length);
      System.arraycopy(json, 0, datagram, headBytes.length, json.length);
      socket.send(datagram);
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
