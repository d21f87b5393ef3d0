package io.gatehouse.core.model;

import static io.gatehouse.core.json.Json.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.entity.EntityWorkspace;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A Kong Route: the match conditions for requests and what to do with them. */
public record Route(
    String id,
    @Nullable String name,
    List<String> protocols,
    List<String> methods,
    List<String> hosts,
    List<String> paths,
    Map<String, List<String>> headers,
    List<String> snis,
    int httpsRedirectStatusCode,
    int regexPriority,
    boolean stripPath,
    boolean preserveHost,
    boolean requestBuffering,
    boolean responseBuffering,
    String pathHandling,
    @Nullable String serviceId,
    long createdAt,
    List<String> tags,
    String wsId,
    @Nullable String expression,
    long priority) {

  /** A route without an expression (the traditional fields), in a workspace. */
  public Route(String id, @Nullable String name, List<String> protocols, List<String> methods, List<String> hosts,
      List<String> paths, Map<String, List<String>> headers, List<String> snis, int httpsRedirectStatusCode,
      int regexPriority, boolean stripPath, boolean preserveHost, boolean requestBuffering, boolean responseBuffering,
      String pathHandling, @Nullable String serviceId, long createdAt, List<String> tags, String wsId) {
    this(id, name, protocols, methods, hosts, paths, headers, snis, httpsRedirectStatusCode, regexPriority, stripPath,
        preserveHost, requestBuffering, responseBuffering, pathHandling, serviceId, createdAt, tags, wsId, null, 0);
  }

  /** A route of the default workspace. */
  public Route(String id, @Nullable String name, List<String> protocols, List<String> methods, List<String> hosts,
      List<String> paths, Map<String, List<String>> headers, List<String> snis, int httpsRedirectStatusCode,
      int regexPriority, boolean stripPath, boolean preserveHost, boolean requestBuffering, boolean responseBuffering,
      String pathHandling, @Nullable String serviceId, long createdAt, List<String> tags) {
    this(id, name, protocols, methods, hosts, paths, headers, snis, httpsRedirectStatusCode, regexPriority, stripPath,
        preserveHost, requestBuffering, responseBuffering, pathHandling, serviceId, createdAt, tags,
        EntityWorkspace.DEFAULT_ID);
  }

  /** Binds a validated {@code routes} entity (defaults filled). */
  public static Route from(JsonNode e) {
    return new Route(
        text(e, "id"),
        text(e, "name"),
        strings(e, "protocols"),
        strings(e, "methods"),
        strings(e, "hosts"),
        strings(e, "paths"),
        stringListMap(e, "headers"),
        strings(e, "snis"),
        integer(e, "https_redirect_status_code", 426),
        integer(e, "regex_priority", 0),
        bool(e, "strip_path", true),
        bool(e, "preserve_host", false),
        bool(e, "request_buffering", true),
        bool(e, "response_buffering", true),
        text(e, "path_handling") == null ? "v0" : text(e, "path_handling"),
        foreignId(e, "service"),
        longValue(e, "created_at", 0),
        strings(e, "tags"),
        e instanceof com.fasterxml.jackson.databind.node.ObjectNode o ? EntityWorkspace.of(o) : EntityWorkspace.DEFAULT_ID,
        text(e, "expression"),
        longValue(e, "priority", 0));
  }
}
