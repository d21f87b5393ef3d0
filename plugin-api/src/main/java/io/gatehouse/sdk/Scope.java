package io.gatehouse.sdk;

/** What a plugin instance can be attached to besides being global. */
public enum Scope {
  ROUTE, SERVICE, CONSUMER
}
