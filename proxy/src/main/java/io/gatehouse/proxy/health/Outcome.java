package io.gatehouse.proxy.health;

/** What one probe or one proxied try says about an address; each maps to one Kong counter. */
public enum Outcome {
  SUCCESS,
  HTTP_FAILURE,
  TCP_FAILURE,
  TIMEOUT
}
