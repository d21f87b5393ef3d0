package io.gatehouse.admin.http;

import java.util.Map;

/** Answers one request matched to a route template; {@code params} holds the template's captures. */
@FunctionalInterface
public interface Handler {
  AdminResponse handle(AdminRequest request, Map<String, String> params);
}
