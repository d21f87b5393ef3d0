package io.gatehouse.admin.http;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One Admin API request matched to a route, as the {@link AdminFilter}s see it: the request, the
 * route template and its captures, every method the template serves, who is calling once an
 * authenticating filter has said so, and notes inner filters leave for outer ones.
 */
public final class AdminCall {
  private final AdminRequest request;
  private final RouteTable.Match match;
  private volatile @Nullable Caller caller;
  private final Map<Class<?>, Object> notes = new java.util.concurrent.ConcurrentHashMap<>();

  public AdminCall(AdminRequest request, RouteTable.Match match) {
    this.request = Objects.requireNonNull(request, "request");
    this.match = Objects.requireNonNull(match, "match");
  }

  /** An authenticated Admin API user. */
  public record Caller(String id, String name) {}

  public AdminRequest request() {
    return request;
  }

  public String template() {
    return match.template();
  }

  public Map<String, String> params() {
    return match.params();
  }

  /** The handler of {@code method} on this template, or null. */
  public @Nullable Handler handler(String method) {
    return match.methods().get(method);
  }

  public @Nullable Caller caller() {
    return caller;
  }

  /** Set by the filter that authenticated the request. */
  public void caller(Caller c) {
    this.caller = Objects.requireNonNull(c, "caller");
  }

  /** Leaves {@code value} for an outer filter to read back by its type (one value per type). */
  public <T> void note(Class<T> type, T value) {
    notes.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(value, "value"));
  }

  /** The value an inner filter left under {@code type}, or null. */
  public <T> @Nullable T note(Class<T> type) {
    return type.cast(notes.get(type));
  }
}
