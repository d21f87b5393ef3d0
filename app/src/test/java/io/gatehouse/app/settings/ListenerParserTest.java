package io.gatehouse.app.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Kong's listener syntax (conf_loader/listeners.lua). */
class ListenerParserTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      0.0.0.0:8000                                  | 0.0.0.0   | 8000  | false | false | false |
      127.0.0.1:8001 reuseport backlog=16384        | 127.0.0.1 | 8001  | false | false | true  | 16384
      0.0.0.0:8443 http2 ssl reuseport backlog=511  | 0.0.0.0   | 8443  | true  | true  | true  | 511
      [::1]:8001                                    | ::1       | 8001  | false | false | false |
      [::]:8000 ipv6only=on                         | ::        | 8000  | false | false | false |
      *:8000                                        | 0.0.0.0   | 8000  | false | false | false |
      localhost:9000 SSL                            | localhost | 9000  | true  | false | false |
      127.0.0.1:0                                   | 127.0.0.1 | 0     | false | false | false |
      127.0.0.1:65535                               | 127.0.0.1 | 65535 | false | false | false |
      """)
  void parsesOneEntry(String spec, String host, int port, boolean ssl, boolean http2, boolean reuseport,
      Integer backlog) {
    List<Listener> listeners = ListenerParser.parse("proxy_listen", spec);
    assertThat(listeners).singleElement().satisfies(l -> {
      assertThat(l.host()).isEqualTo(host);
      assertThat(l.port()).isEqualTo(port);
      assertThat(l.ssl()).isEqualTo(ssl);
      assertThat(l.http2()).isEqualTo(http2);
      assertThat(l.reuseport()).isEqualTo(reuseport);
      assertThat(l.backlog()).isEqualTo(backlog);
      assertThat(l.spec()).isEqualTo(spec.strip());
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"off", "OFF", "", "  "})
  void offMeansNoListener(String spec) {
    assertThat(ListenerParser.parse("status_listen", spec)).isEmpty();
  }

  @Test
  void parsesCommaSeparatedEntriesWithAllFlags() {
    List<Listener> listeners = ListenerParser.parse("proxy_listen",
        "0.0.0.0:8000 proxy_protocol deferred bind so_keepalive=on, [::1]:8443 ssl ipv6only=off so_keepalive=30m:10:3");
    assertThat(listeners).hasSize(2);
    Listener first = listeners.get(0);
    assertThat(first.proxyProtocol()).isTrue();
    assertThat(first.deferred()).isTrue();
    assertThat(first.bind()).isTrue();
    assertThat(first.soKeepalive()).isEqualTo("on");
    Listener second = listeners.get(1);
    assertThat(second.authority()).isEqualTo("[::1]:8443");
    assertThat(second.ipv6only()).isFalse();
    assertThat(second.soKeepalive()).isEqualTo("30m:10:3");
  }

  @Test
  void localAuthorityReachesWildcardBindsThroughLoopback() {
    assertThat(ListenerParser.parse("k", "0.0.0.0:8000").getFirst().localAuthority()).isEqualTo("127.0.0.1:8000");
    assertThat(ListenerParser.parse("k", "[::]:8000").getFirst().localAuthority()).isEqualTo("[::1]:8000");
    assertThat(ListenerParser.parse("k", "10.1.2.3:8000").getFirst().localAuthority()).isEqualTo("10.1.2.3:8000");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      0.0.0.0:70000          | invalid port 70000
      0.0.0.0:-1             | is not <ip>:<port>
      0.0.0.0                | is not <ip>:<port>
      8000                   | is not <ip>:<port>
      0.0.0.0:8000 fast      | unknown flag 'fast'
      0.0.0.0:8000 backlog=x | unknown flag 'backlog=x'
      unix:/tmp/sock         | is not <ip>:<port>
      0.0.0.0:8000,          | is not <ip>:<port>
      ::1:8000               | is not <ip>:<port>
      """)
  void rejectsWithAMessageNamingKeyAndEntry(String spec, String why) {
    assertThatThrownBy(() -> ListenerParser.parse("admin_listen", spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("admin_listen has an invalid entry")
        .hasMessageContaining(why)
        .hasMessageContaining("must be of form");
  }
}
