package io.gatehouse.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** nginx's {@code proxy_next_upstream error timeout} as Gatehouse refines it, one row per rule. */
class RetryDecisionTest {
  /** A GET's connect error on the first of 5 tries: the baseline each row changes. */
  private static final RetryDecision.Facts BASE =
      new RetryDecision.Facts(false, false, false, false, false, false, false, false, false, false, true, 1, 5);

  private static RetryDecision.Facts with(String change) {
    RetryDecision.Facts b = BASE;
    boolean timeout = b.timeout(), afterConnect = b.afterConnect(), reused = b.reused(), post = b.nonIdempotent(),
        writeFailed = b.writeFailed(), sent = b.requestSent(), body = b.bodyStarted(), ws = b.websocket(),
        started = b.responseStarted(), interim = b.inInterim(), peer = b.peerInFlight();
    int tries = b.tries(), retries = b.retries();
    for (String c : change.split(",")) {
      switch (c.trim()) {
        case "" -> { }
        case "timeout" -> timeout = true;
        case "afterConnect" -> afterConnect = true;
        case "reused" -> reused = true;
        case "post" -> post = true;
        case "writeFailed" -> writeFailed = true;
        case "sent" -> sent = true;
        case "body" -> body = true;
        case "websocket" -> ws = true;
        case "started" -> started = true;
        case "interim" -> interim = true;
        case "peerEnded" -> peer = false;
        case "lastTry" -> tries = retries + 1;
        case "noRetries" -> retries = 0;
        default -> throw new IllegalArgumentException(c);
      }
    }
    return new RetryDecision.Facts(timeout, afterConnect, reused, post, writeFailed, sent, body, ws, started, interim,
        peer, tries, retries);
  }

  static Stream<Arguments> rows() {
    return Stream.of(
        Arguments.of("", RetryDecision.RETRY),                                        // connect error: next peer
        Arguments.of("timeout", RetryDecision.RETRY),                                 // connect timeout too
        Arguments.of("lastTry", RetryDecision.GIVE_UP),                               // retries used up
        Arguments.of("noRetries", RetryDecision.GIVE_UP),                             // retries = 0: one try only
        Arguments.of("afterConnect,sent", RetryDecision.RETRY),                       // GET read error: idempotent
        Arguments.of("afterConnect,sent,post", RetryDecision.GIVE_UP),                // POST may have been processed
        Arguments.of("afterConnect,sent,post,writeFailed", RetryDecision.RETRY),      // ... unless its write failed
        Arguments.of("post", RetryDecision.RETRY),                                    // POST never connected
        Arguments.of("body", RetryDecision.GIVE_UP),                                  // a streamed body is gone
        Arguments.of("websocket", RetryDecision.GIVE_UP),                             // upgrades are never retried
        Arguments.of("started", RetryDecision.ABORT),                                 // head out: close the client
        Arguments.of("started,reused", RetryDecision.ABORT),
        Arguments.of("reused,afterConnect,sent", RetryDecision.REPLAY),               // stale pooled connection
        Arguments.of("reused,afterConnect,sent,lastTry", RetryDecision.REPLAY),       // a replay is not a try
        Arguments.of("reused,afterConnect,sent,timeout", RetryDecision.RETRY),        // a timeout is the origin's
        Arguments.of("reused,afterConnect,sent,post", RetryDecision.GIVE_UP),         // POST on a reused connection
        Arguments.of("reused,afterConnect,sent,post,writeFailed", RetryDecision.REPLAY),
        Arguments.of("reused,afterConnect,sent,interim", RetryDecision.RETRY),        // mid-1xx: the origin answered
        Arguments.of("reused,afterConnect,sent,body", RetryDecision.GIVE_UP),
        Arguments.of("reused,afterConnect,sent,peerEnded", RetryDecision.RETRY));
  }

  @ParameterizedTest(name = "[{0}] -> {1}")
  @MethodSource("rows")
  void decides(String change, RetryDecision expected) {
    assertThat(RetryDecision.after(with(change))).isEqualTo(expected);
  }
}
