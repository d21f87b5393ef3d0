package io.gatehouse.plugins.syslog;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.PluginGateway;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * syslog (Kong 3.9 {@code kong/plugins/syslog}) against a real proxy and a unix datagram socket
 * bound by the test, as syslogd binds {@code /dev/log}: the RFC 3164 header {@code syslog(3)} writes
 * ({@code <PRI>Mmm dd hh:mm:ss kong[pid]: }) with PRI from facility and severity, and the entry JSON.
 * The header is cross-checked against util-linux {@code logger} writing to the same socket.
 */
class SyslogIT {
  static final Pattern DATAGRAM = Pattern.compile("<(\\d+)>([A-Z][a-z]{2} [ 123]\\d \\d\\d:\\d\\d:\\d\\d) kong\\[(\\d+)\\]: (.*)",
      Pattern.DOTALL);
  static final long PID = ProcessHandle.current().pid();

  static Path dir;
  static String socketPath;
  static EventLoopGroup group;
  static Channel receiver;
  static final BlockingQueue<String> received = new LinkedBlockingQueue<>();
  static PluginGateway gw;

  @BeforeAll
  static void start() throws Exception {
    assertTrue(Epoll.isAvailable(), "unix datagram sockets need Linux epoll (the syslog plugin ships netty-transport-native-epoll)");
    dir = Files.createTempDirectory("syslog-it");
    socketPath = dir.resolve("log").toString();
    group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    receiver = new Bootstrap().group(group).channel(EpollDomainDatagramChannel.class)
        .handler(new SimpleChannelInboundHandler<DomainDatagramPacket>() {
          @Override
          protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket p) {
            received.add(p.content().toString(StandardCharsets.UTF_8));
          }
        }).bind(new DomainSocketAddress(socketPath)).sync().channel();
    System.setProperty(SyslogPlugin.SOCKET_PROPERTY, socketPath);

    gw = new PluginGateway();
    ObjectNode plain = gw.serviceAndRoute("/plain");
    gw.plugin("syslog", "{}", ref("route", plain));
    ObjectNode local3 = gw.serviceAndRoute("/local3");
    gw.plugin("syslog", "{\"facility\":\"local3\",\"log_level\":\"warning\",\"client_errors_severity\":\"warning\","
        + "\"server_errors_severity\":\"crit\"}", ref("route", local3));
    ObjectNode denied = gw.serviceAndRoute("/denied");
    gw.plugin("request-termination", "{\"status_code\":401}", ref("route", denied));
    gw.plugin("syslog", "{\"facility\":\"local3\",\"log_level\":\"warning\",\"client_errors_severity\":\"warning\","
        + "\"server_errors_severity\":\"crit\"}", ref("route", denied));
    ObjectNode failing = gw.serviceAndRoute("/failing");
    gw.plugin("request-termination", "{\"status_code\":503}", ref("route", failing));
    gw.plugin("syslog", "{\"facility\":\"local3\",\"log_level\":\"warning\",\"client_errors_severity\":\"warning\","
        + "\"server_errors_severity\":\"crit\"}", ref("route", failing));
    gw.apply();
  }

  @AfterAll
  static void stop() throws Exception {
    if (gw != null) gw.close();
    System.clearProperty(SyslogPlugin.SOCKET_PROPERTY);
    if (receiver != null) receiver.close().sync();
    if (group != null) group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    if (dir != null) {
      new File(socketPath).delete();
      Files.deleteIfExists(dir);
    }
  }

  static String next() throws InterruptedException {
    String d = received.poll(10, TimeUnit.SECONDS);
    if (d == null) throw new AssertionError("nothing arrived on " + socketPath);
    return d;
  }

  /** The header and entry of one datagram, the timestamp checked then left out. */
  static Matcher parsed(String datagram) {
    Matcher m = DATAGRAM.matcher(datagram);
    assertThat(m.matches()).as(datagram).isTrue();
    return m;
  }

  @Test
  void a_success_goes_to_user_info_with_the_entry_json() throws Exception {
    var r = gw.get("/plain/x");
    Matcher m = parsed(next());
    assertThat(m.group(1)).isEqualTo("14"); // user (1) * 8 + info (6)
    assertThat(m.group(3)).isEqualTo(Long.toString(PID));
    JsonNode entry = Json.parse(m.group(4));
    assertThat(entry.get("request").get("id").asText()).isEqualTo(r.headers().firstValue("X-Kong-Request-Id").orElseThrow());
    assertThat(entry.get("response").get("status").asInt()).isEqualTo(200);
  }

  @Test
  void severities_follow_the_status_and_log_level_filters_them() throws Exception {
    gw.get("/denied/x"); // 401: client error, warning
    gw.get("/failing/x"); // 503: server error, crit
    String first = next();
    String second = next();
    Matcher a = parsed(first.contains("\"status\":401") ? first : second);
    Matcher b = parsed(first.contains("\"status\":401") ? second : first);
    assertThat(a.group(1)).isEqualTo("156"); // local3 (19) * 8 + warning (4)
    assertThat(b.group(1)).isEqualTo("154"); // local3 (19) * 8 + crit (2)
    // a success is info, below log_level warning: nothing is written
    assertThat(gw.get("/local3/x").statusCode()).isEqualTo(200);
    assertThat(received.poll(500, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void the_header_is_the_one_util_linux_logger_writes() throws Exception {
    assertTrue(new File("/usr/bin/logger").canExecute(), "/usr/bin/logger (Debian bsdutils, essential) is the reference for the syslog header");
    gw.get("/failing/y");
    Matcher ours = parsed(next());
    Process p = new ProcessBuilder("/usr/bin/logger", "-u", socketPath, "-t", "kong", "--id=" + PID, "-p",
        "local3.crit", "hello").inheritIO().start();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    String theirs = next();
    assertThat(theirs).matches(DATAGRAM);
    String normalizedTheirs = theirs.replaceFirst(">[A-Z][a-z]{2} [ 123]\\d \\d\\d:\\d\\d:\\d\\d ", ">TS ");
    assertThat(normalizedTheirs).isEqualTo("<" + ours.group(1) + ">TS kong[" + ours.group(3) + "]: hello");
  }

  @Test
  void schema_defaults_and_checks_are_kongs() {
    assertThat(gw.plugin("syslog", "{}", "").get("config").toString()).isEqualTo("{\"log_level\":\"info\","
        + "\"successful_severity\":\"info\",\"client_errors_severity\":\"info\",\"server_errors_severity\":\"info\","
        + "\"custom_fields_by_lua\":null,\"facility\":\"user\"}");
    assertThatThrownBy(() -> gw.plugin("syslog", "{\"facility\":\"local8\"}", ""))
        .isInstanceOf(KongException.class).hasMessageContaining("expected one of: auth, authpriv");
    assertThatThrownBy(() -> gw.plugin("syslog", "{\"log_level\":\"error\"}", ""))
        .isInstanceOf(KongException.class).hasMessageContaining("expected one of: debug, info");
  }
}
