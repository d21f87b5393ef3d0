package io.gatehouse.plugins.session;

import io.gatehouse.plugins.session.Session.Change;
import io.gatehouse.plugins.session.SessionCodec.Header;
import io.gatehouse.sdk.ResponseHeaders;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * header_filter's side of a session: seals new, renewed and touched cookies into
 * {@code Set-Cookie}, and with {@code storage = kong} writes the data to the store (the old copy
 * of a renewed session stays readable for {@code stale_ttl}, as Kong's storage does).
 */
final class SessionWriter {
  private static final Logger LOG = LoggerFactory.getLogger(SessionWriter.class);

  private final SessionRules rules;
  private final @Nullable SessionStore store;
  private final ResponseHeaders headers;
  private final long now;

  SessionWriter(SessionRules rules, @Nullable SessionStore store, ResponseHeaders headers, long now) {
    this.rules = rules;
    this.store = store;
    this.headers = headers;
    this.now = now;
  }

  /** A new session for a freshly authenticated consumer (plus a remember cookie when configured). */
  @Nullable Session create(SessionData data) {
    Session s = write(new Header(rules.flags(false), SessionCodec.newId(), now, now, now), data);
    if (s != null && rules.config().remember()) {
      Header remember = new Header(rules.flags(true), SessionCodec.newId(), now, now, now);
      String value = seal(remember, data, rules.remember());
      if (value != null) {
        headers.add("Set-Cookie", rules.rememberCookie(value, now));
      }
    }
    return s;
  }

  /** Sends what the access phase decided for an existing session; returns the session as it now is. */
  @Nullable Session refresh(Session s) {
    switch (s.change()) {
      case TOUCH -> {
        Header touched = s.header().touched(now);
        String body = rules.codec().seal(touched, rules.kongStorage() ? new byte[0] : s.ciphertext());
        headers.add("Set-Cookie", rules.sessionCookie(body));
        return new Session(touched, s.data(), s.fromRemember(), s.ciphertext(), Change.NONE);
      }
      case RENEW -> {
        if (store != null && rules.kongStorage() && !s.fromRemember()) { // the replaced copy lingers for stale_ttl
          store.save(s.header().id(), s.ciphertext(), now + rules.staleTtl());
        }
        long created = s.fromRemember() ? now : s.header().createdAt();
        return write(new Header(rules.flags(false), SessionCodec.newId(), created, now, now), s.data());
      }
      default -> {
        return s;
      }
    }
  }

  private @Nullable Session write(Header h, SessionData data) {
    String value = seal(h, data, rules.session());
    if (value == null) {
      return null;
    }
    headers.add("Set-Cookie", rules.sessionCookie(value));
    return new Session(h, data, false, new byte[0], Change.NONE); // header_filter is its last use
  }

  /** The cookie value; with server storage the data goes to the store. Null when it cannot be stored. */
  private @Nullable String seal(Header h, SessionData data, SessionRules.Timeouts timeouts) {
    byte[] ciphertext = rules.codec().encrypt(h.id(), data.toBytes());
    if (!rules.kongStorage()) {
      return rules.codec().seal(h, ciphertext);
    }
    if (store == null) {
      LOG.error("session: session save failed (storage = kong but this node offers no plugin records)");
      return null;
    }
    long deadline = timeouts.deadline(h);
    store.save(h.id(), ciphertext, deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline + rules.staleTtl());
    return rules.codec().seal(h, new byte[0]);
  }
}
