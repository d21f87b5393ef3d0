package io.gatehouse.proxy.plugins;

import io.gatehouse.sdk.Consumer;
import io.gatehouse.sdk.Credential;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** The upstream headers that say who the client is (reference plugins §1.2). */
public final class ConsumerHeaders {
  static final String CONSUMER_ID = "X-Consumer-ID";
  static final String CONSUMER_CUSTOM_ID = "X-Consumer-Custom-ID";
  static final String CONSUMER_USERNAME = "X-Consumer-Username";
  static final String CREDENTIAL_IDENTIFIER = "X-Credential-Identifier";
  static final String ANONYMOUS = "X-Anonymous-Consumer";
  private static final AsciiString[] IDENTITY = Stream.of(CONSUMER_ID, CONSUMER_CUSTOM_ID, CONSUMER_USERNAME,
      CREDENTIAL_IDENTIFIER, ANONYMOUS, "X-Consumer-Groups", "X-Authenticated-Groups", "X-Authenticated-Scope",
      "X-Authenticated-Userid").map(AsciiString::cached).toArray(AsciiString[]::new);
  private static final int SHORTEST = Stream.of(IDENTITY).mapToInt(AsciiString::length).min().orElseThrow();

  private static final AsciiString CONSUMER_ID_NAME = AsciiString.cached(CONSUMER_ID);
  private static final AsciiString CONSUMER_CUSTOM_ID_NAME = AsciiString.cached(CONSUMER_CUSTOM_ID);
  private static final AsciiString CONSUMER_USERNAME_NAME = AsciiString.cached(CONSUMER_USERNAME);
  private static final AsciiString CREDENTIAL_IDENTIFIER_NAME = AsciiString.cached(CREDENTIAL_IDENTIFIER);
  private static final AsciiString ANONYMOUS_NAME = AsciiString.cached(ANONYMOUS);

  private ConsumerHeaders() {}

  /**
   * Removes identity headers a client sent: only the gateway may say who the consumer is. Kong
   * relies on each auth plugin overwriting them; we also clear them when no auth plugin runs.
   */
  public static void stripSpoofed(HttpHeaders h) {
    // one pass over the names the client sent; removing each identity name would hash nine names
    Iterator<Map.Entry<CharSequence, CharSequence>> it = h.iteratorCharSequence();
    while (it.hasNext()) {
      if (isIdentity(it.next().getKey())) {
        for (AsciiString name : IDENTITY) h.remove(name);
        return;
      }
    }
  }

  private static boolean isIdentity(CharSequence name) {
    if (name.length() < SHORTEST || (name.charAt(0) | 0x20) != 'x') return false;
    for (AsciiString n : IDENTITY) {
      if (n.contentEqualsIgnoreCase(name)) return true;
    }
    return false;
  }

  /** Kong's auth plugins' {@code set_consumer}: set or clear each header (no consumer: ldap-auth's credential). */
  static void set(HttpHeaders h, @Nullable Consumer consumer, @Nullable Credential credential) {
    setOrClear(h, CONSUMER_ID_NAME, consumer == null ? null : consumer.id());
    setOrClear(h, CONSUMER_CUSTOM_ID_NAME, consumer == null ? null : consumer.customId());
    setOrClear(h, CONSUMER_USERNAME_NAME, consumer == null ? null : consumer.username());
    setOrClear(h, CREDENTIAL_IDENTIFIER_NAME, credential == null ? null : credential.identifier());
    if (credential == null) {
      h.set(ANONYMOUS_NAME, "true");
    } else {
      h.remove(ANONYMOUS_NAME);
    }
  }

  private static void setOrClear(HttpHeaders h, AsciiString name, @Nullable String value) {
    if (value == null) {
      h.remove(name);
    } else {
      h.set(name, value);
    }
  }
}
