package io.gatehouse.plugins.session;

import io.gatehouse.plugins.session.SessionCodec.Header;

/**
 * A session opened for one request (Kong's {@code kong.ctx.shared.authenticated_session}): what the
 * cookie said, and what header_filter must send back.
 *
 * @param fromRemember the session cookie was missing or stale and the remember cookie restored it
 * @param ciphertext the stored encrypted data (server storage), kept to leave a stale copy on renewal
 */
record Session(Header header, SessionData data, boolean fromRemember, byte[] ciphertext, Change change) {

  /** What header_filter does with the cookie. */
  enum Change {
    /** Nothing: the cookie stays as it is. */
    NONE,
    /** Same session, new last-seen time (idling timeout). */
    TOUCH,
    /** A new session id and rolling window for the same data. */
    RENEW,
    /** The client logged out: clear the cookies, drop the stored data. */
    LOGOUT,
    /** The session's consumer is gone: clear the cookies, drop the stored data. */
    DESTROY
  }

  Session with(Change c) {
    return new Session(header, data, fromRemember, ciphertext, c);
  }
}
