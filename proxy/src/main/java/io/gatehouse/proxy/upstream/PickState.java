package io.gatehouse.proxy.upstream;

import org.jspecify.annotations.Nullable;

/**
 * What the tries of one request share while choosing peers: the try count, the hash value
 * (computed once, on the first try), a balancer's position for retries, and a cookie the balancer
 * wants set on the response. Confined to the request's event loop.
 */
public final class PickState {
  private final RequestFacts facts;
  private int attempt;
  private @Nullable String hash;
  private boolean hashed;
  private int cursor = -1;
  private @Nullable Object last;
  private @Nullable String setCookie;

  public PickState(RequestFacts facts) {
    this.facts = facts;
  }

  public RequestFacts facts() {
    return facts;
  }

  /** 0 for the first try, then 1, 2… */
  public int attempt() {
    return attempt;
  }

  /** Called by the request flow after each selected try. */
  public void nextAttempt() {
    attempt++;
  }

  public boolean hashed() {
    return hashed;
  }

  public @Nullable String hash() {
    return hash;
  }

  public void hash(@Nullable String value) {
    hash = value;
    hashed = true;
  }

  /** A balancer's position (e.g. on the hash ring) to continue from on the next try; -1 at first. */
  public int cursor() {
    return cursor;
  }

  public void cursor(int value) {
    cursor = value;
  }

  /** The balancer's own handle of the previous try's peer, or null. */
  public @Nullable Object last() {
    return last;
  }

  public void last(@Nullable Object value) {
    last = value;
  }

  /** A complete {@code Set-Cookie} value to add to the response (hash_on = cookie), or null. */
  public @Nullable String setCookie() {
    return setCookie;
  }

  public void setCookie(String value) {
    setCookie = value;
  }
}
