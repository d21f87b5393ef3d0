package io.gatehouse.plugins.session;

import java.util.Set;
import java.util.function.BiConsumer;

/**
 * {@code request_headers} / {@code response_headers}: lua-resty-session's {@code Session-*} headers
 * (id as base64url, audience, subject, and the seconds left before each timeout).
 */
final class SessionHeaders {
  private SessionHeaders() {}

  static void set(Set<String> which, SessionRules rules, Session s, long now, BiConsumer<String, String> header) {
    if (which.isEmpty()) {
      return;
    }
    SessionRules.Timeouts t = s.fromRemember() ? rules.remember() : rules.session();
    var h = s.header();
    for (String name : which) {
      switch (name) {
        case "id" -> header.accept("Session-Id", SessionCodec.base64(h.id()));
        case "audience" -> header.accept("Session-Audience", s.data().audience());
        case "subject" -> header.accept("Session-Subject", s.data().subject());
        case "timeout" -> header.accept("Session-Timeout", Long.toString(t.remaining(h, now)));
        case "idling-timeout" -> header.accept("Session-Idling-Timeout",
            Long.toString(t.idling() > 0 ? Math.max(0, h.seenAt() + t.idling() - now) : 0));
        case "rolling-timeout" -> header.accept("Session-Rolling-Timeout",
            Long.toString(t.rolling() > 0 ? Math.max(0, h.rolledAt() + t.rolling() - now) : 0));
        case "absolute-timeout" -> header.accept("Session-Absolute-Timeout",
            Long.toString(t.absolute() > 0 ? Math.max(0, h.createdAt() + t.absolute() - now) : 0));
        default -> { } // the schema allows nothing else
      }
    }
  }
}
