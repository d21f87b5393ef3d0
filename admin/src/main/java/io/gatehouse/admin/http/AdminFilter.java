package io.gatehouse.admin.http;

import java.util.List;

/**
 * Runs around every routed Admin API request (authentication, authorization, audit): answers itself
 * or calls {@code next}. {@code next} never throws a Kong or HTTP error; those arrive as responses,
 * so a filter sees the status of every answer.
 */
@FunctionalInterface
public interface AdminFilter {
  AdminResponse filter(AdminCall call, Next next);

  /** The rest of the chain, ending with the route's handler. */
  @FunctionalInterface
  interface Next {
    AdminResponse proceed();
  }

  /** A filter that only calls {@code next}. */
  AdminFilter NONE = (call, next) -> next.proceed();

  /** {@code filters} in order, the first outermost. */
  static AdminFilter chain(List<AdminFilter> filters) {
    AdminFilter out = NONE;
    for (int i = filters.size() - 1; i >= 0; i--) {
      AdminFilter outer = filters.get(i);
      AdminFilter inner = out;
      out = (call, next) -> outer.filter(call, () -> inner.filter(call, next));
    }
    return out;
  }
}
