package io.gatehouse.proxy.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.entity.EntityWorkspace;
import io.gatehouse.core.json.Json;
import io.gatehouse.sdk.Consumer;
import io.gatehouse.core.model.Route;
import io.gatehouse.core.model.Service;
import io.gatehouse.net.FormCodec;
import io.gatehouse.sdk.Credential;
import io.gatehouse.sdk.ResponseHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Kong's basic log serializer ({@code kong.log.serialize}, reference plugins §19.1): request,
 * upstream_uri/status, response, latencies, tries, authenticated_entity, route, service, consumer,
 * client_ip, started_at, source. Authorization headers are redacted so credentials never reach a
 * log sink. Runs only when a log handler asks for an entry.
 */
final class LogSerializer {
  private static final String REDACTED = "REDACTED";
  /** Facts for an entry asked for outside the log phase (tests): nothing proxied yet. */
  private static final LogFacts NOTHING_YET = new LogFacts() {
    @Override public @Nullable String upstreamUri() { return null; }
    @Override public int upstreamCode() { return 0; }
    @Override public long requestBodyBytes() { return 0; }
    @Override public long responseBodyBytes() { return 0; }
    @Override public long proxyLatencyMs() { return -1; }
    @Override public long upstreamLatencyMs() { return -1; }
    @Override public long receiveMs() { return 0; }
    @Override public long requestMs() { return 0; }
  };

  private LogSerializer() {}

  static ObjectNode serialize(PluginRun run, RequestFacts facts, @Nullable LogFacts flow, long startedAtMillis) {
    LogFacts f = flow == null ? NOTHING_YET : flow;
    ObjectNode out = Json.object();
    String query = facts.rawQuery();
    String uri = query == null ? facts.rawPath() : facts.rawPath() + "?" + query;

    ObjectNode request = out.putObject("request");
    request.put("id", run.requestId());
    request.put("uri", uri);
    request.put("url", facts.scheme() + "://" + facts.host() + ":" + facts.port() + uri);
    request.set("querystring", querystring(query));
    request.put("method", facts.method());
    request.set("headers", requestHeaders(facts.headers()));
    request.put("size", requestSize(facts, f));

    String upstreamUri = f.upstreamUri();
    if (upstreamUri != null) out.put("upstream_uri", upstreamUri);
    String upstreamStatus = upstreamStatus(run.tries(), f.upstreamCode());
    if (upstreamStatus != null) out.put("upstream_status", upstreamStatus);

    ObjectNode response = out.putObject("response");
    response.put("status", run.status());
    ResponseHeaders sent = run.responseHeadersIfSent();
    response.set("headers", sent == null ? Json.object() : responseHeaders(sent));
    response.put("size", responseSize(run.status(), sent, f));

    ObjectNode latencies = out.putObject("latencies");
    boolean proxied = f.upstreamLatencyMs() >= 0;
    long requestMs = requestMs(flow, startedAtMillis);
    latencies.put("kong", kongMs(f, requestMs));
    latencies.put("proxy", proxied ? f.upstreamLatencyMs() : -1);
    latencies.put("request", requestMs);
    latencies.put("receive", proxied ? f.receiveMs() : 0);

    if (!run.tries().isEmpty()) out.set("tries", tries(run.tries()));
    Credential credential = run.credential();
    if (credential != null) {
      // Kong reads consumer_id from a field its credentials don't have, so only the id shows
      out.putObject("authenticated_entity").put("id", credential.id());
    }
    Route route = run.routeEntity();
    if (route != null) out.set("route", route(route));
    Service service = run.serviceEntity();
    if (service != null) out.set("service", service(service));
    Consumer consumer = run.consumer();
    if (consumer != null) out.set("consumer", consumer(consumer));
    out.put("client_ip", facts.forwardedIp());
    out.put("started_at", startedAtMillis);
    out.put("source", run.fromUpstream() ? "upstream" : "kong");
    // Kong Enterprise's fields: the matched route's workspace, the default one without a route
    io.gatehouse.sdk.Route view = run.route();
    out.put("workspace", view == null ? EntityWorkspace.DEFAULT_ID : view.workspace());
    out.put("workspace_name", view == null ? "default" : view.workspaceName());
    Map<String, Object> shared = run.sharedIfCreated();
    if (shared != null && shared.get("correlation_id") instanceof String id) out.put("correlation_id", id);

    Map<String, @Nullable Object> custom = run.serializeValues();
    if (custom != null) custom.forEach((k, v) -> setPath(out, k, v));
    return out;
  }

  /** {@code ngx.req.get_uri_args}: repeated names become arrays, a name without {@code =} is {@code true}. */
  static ObjectNode querystring(@Nullable String query) {
    ObjectNode o = Json.object();
    if (query == null || query.isEmpty()) return o;
    FormCodec.forEachPair(query, (start, end, valueStart) -> {
      String name = FormCodec.decode(query, start, valueStart < 0 ? end : valueStart - 1, FormCodec.Malformed.KEEP);
      JsonNode value = valueStart < 0 ? Json.MAPPER.getNodeFactory().booleanNode(true)
          : Json.MAPPER.getNodeFactory().textNode(FormCodec.decode(query, valueStart, end, FormCodec.Malformed.KEEP));
      JsonNode old = o.get(name);
      if (old == null) {
        o.set(name, value);
      } else if (old instanceof ArrayNode a) {
        a.add(value);
      } else {
        o.putArray(name).add(old).add(value);
      }
    });
    return o;
  }

  /** Lower-case names; repeated headers become arrays, as {@code ngx.req.get_headers} returns them. */
  private static ObjectNode requestHeaders(HttpHeaders h) {
    ObjectNode o = Json.object();
    for (Map.Entry<String, String> e : h) {
      String name = e.getKey().toLowerCase(Locale.ROOT);
      String value = name.equals("authorization") || name.equals("proxy-authorization") ? REDACTED : e.getValue();
      add(o, name, value);
    }
    return o;
  }

  private static ObjectNode responseHeaders(ResponseHeaders h) {
    ObjectNode o = Json.object();
    for (String name : h.names()) {
      String lower = name.toLowerCase(Locale.ROOT);
      for (String value : h.getAll(name)) add(o, lower, value);
    }
    return o;
  }

  private static void add(ObjectNode o, String name, String value) {
    JsonNode old = o.get(name);
    if (old == null) {
      o.put(name, value);
    } else if (old instanceof ArrayNode a) {
      a.add(value);
    } else {
      o.putArray(name).add(old).add(value);
    }
  }

  /** The request line and headers as received (close to nginx's count; headers are the live set). */
  /** {@code latencies.request}: the flow's figure, or the time so far outside the log phase. */
  static long requestMs(@Nullable LogFacts flow, long startedAtMillis) {
    return flow == null ? Math.max(0, System.currentTimeMillis() - startedAtMillis) : flow.requestMs();
  }

  /** Kong: its own time is the proxy latency plus the receive time, or the whole request when it answered itself. */
  static long kongMs(LogFacts f, long requestMs) {
    return f.upstreamLatencyMs() >= 0 ? Math.max(0, f.proxyLatencyMs()) + f.receiveMs() : requestMs;
  }

  /** {@code request.size}: the head as sent (estimated from its parts) and the body. */
  static long requestSize(RequestFacts facts, LogFacts f) {
    return requestHeadSize(facts) + f.requestBodyBytes();
  }

  /** {@code response.size}: the head as sent and the body. */
  static long responseSize(int status, @Nullable ResponseHeaders sent, LogFacts f) {
    return responseHeadSize(status, sent) + f.responseBodyBytes();
  }

  /** Facts for an entry asked for outside the log phase. */
  static LogFacts orNothingYet(@Nullable LogFacts flow) {
    return flow == null ? NOTHING_YET : flow;
  }

  static long requestHeadSize(RequestFacts facts) {
    String query = facts.rawQuery();
    long uriLength = facts.rawPath().length() + (query == null ? 0 : 1 + query.length());
    long size = facts.method().length() + 1 + uriLength + " HTTP/1.1\r\n".length() + 2;
    // the CharSequence view reads Netty's entries as they are: no String per header
    for (java.util.Iterator<Map.Entry<CharSequence, CharSequence>> it = facts.headers().iteratorCharSequence();
        it.hasNext(); ) {
      Map.Entry<CharSequence, CharSequence> e = it.next();
      size += e.getKey().length() + 2 + e.getValue().length() + 2;
    }
    return size;
  }

  static long responseHeadSize(int status, @Nullable ResponseHeaders h) {
    if (status == 0) return 0; // nothing was sent
    long size = "HTTP/1.1 ".length() + 4 + HttpResponseStatus.valueOf(status).reasonPhrase().length() + 2 + 2;
    if (h instanceof HeadBytes b) {
      size += b.headerLineBytes();
    } else if (h != null) {
      for (String name : h.names()) {
        for (String value : h.getAll(name)) size += name.length() + 2 + value.length() + 2;
      }
    }
    return size;
  }

  /** nginx's {@code $upstream_status}: each try's status, comma separated; null when nothing was tried. */
  private static @Nullable String upstreamStatus(List<UpstreamTry> tries, int finalCode) {
    StringBuilder sb = new StringBuilder();
    for (UpstreamTry t : tries) {
      if (t.state() != null) sb.append(sb.isEmpty() ? "" : ", ").append(t.code());
    }
    if (finalCode > 0) sb.append(sb.isEmpty() ? "" : ", ").append(finalCode);
    return sb.isEmpty() ? null : sb.toString();
  }

  private static ArrayNode tries(List<UpstreamTry> list) {
    ArrayNode tries = Json.MAPPER.createArrayNode();
    for (UpstreamTry t : list) {
      ObjectNode o = tries.addObject();
      o.put("ip", t.ip());
      o.put("port", t.port());
      o.put("balancer_start", t.balancerStart());
      o.put("balancer_start_ns", t.balancerStart() * 1_000_000L); // measured in ms here
      o.put("balancer_latency", t.balancerLatency());
      o.put("balancer_latency_ns", t.balancerLatency() * 1_000_000L);
      if (t.state() != null) {
        o.put("state", t.state());
        o.put("code", t.code());
      }
    }
    return tries;
  }

  private static ObjectNode route(Route r) {
    ObjectNode o = Json.object();
    o.put("id", r.id());
    o.put("name", r.name());
    o.set("protocols", list(r.protocols()));
    o.set("methods", list(r.methods()));
    o.set("hosts", list(r.hosts()));
    o.set("paths", list(r.paths()));
    o.set("headers", r.headers().isEmpty() ? NullNode.getInstance() : Json.MAPPER.valueToTree(r.headers()));
    o.set("snis", list(r.snis()));
    o.put("https_redirect_status_code", r.httpsRedirectStatusCode());
    o.put("regex_priority", r.regexPriority());
    o.put("strip_path", r.stripPath());
    o.put("preserve_host", r.preserveHost());
    o.put("request_buffering", r.requestBuffering());
    o.put("response_buffering", r.responseBuffering());
    o.put("path_handling", r.pathHandling());
    if (r.serviceId() != null) o.putObject("service").put("id", r.serviceId());
    o.put("created_at", r.createdAt());
    o.set("tags", list(r.tags()));
    return o;
  }

  private static ObjectNode service(Service s) {
    ObjectNode o = Json.object();
    o.put("id", s.id());
    o.put("name", s.name());
    o.put("protocol", s.protocol());
    o.put("host", s.host());
    o.put("port", s.port());
    o.put("path", s.path());
    o.put("retries", s.retries());
    o.put("connect_timeout", s.connectTimeout());
    o.put("write_timeout", s.writeTimeout());
    o.put("read_timeout", s.readTimeout());
    o.put("enabled", s.enabled());
    if (s.clientCertificateId() != null) o.putObject("client_certificate").put("id", s.clientCertificateId());
    if (s.tlsVerify() != null) o.put("tls_verify", s.tlsVerify());
    if (s.tlsVerifyDepth() != null) o.put("tls_verify_depth", s.tlsVerifyDepth());
    o.set("ca_certificates", list(s.caCertificates()));
    o.set("tags", list(s.tags()));
    return o;
  }

  private static ObjectNode consumer(Consumer c) {
    ObjectNode o = Json.object();
    o.put("id", c.id());
    o.put("username", c.username());
    o.put("custom_id", c.customId());
    o.set("tags", list(c.tags()));
    return o;
  }

  /** Kong stores an unset array as null. */
  private static JsonNode list(List<String> values) {
    return values.isEmpty() ? NullNode.getInstance() : Json.MAPPER.valueToTree(values);
  }

  /** {@code set_serialize_value}'s dotted path: {@code a.b.c} nests, {@code \.} is a literal dot. */
  static void setPath(ObjectNode root, String key, @Nullable Object value) {
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '\\' && i + 1 < key.length() && key.charAt(i + 1) == '.') {
        part.append('.');
        i++;
      } else if (c == '.') {
        parts.add(part.toString());
        part.setLength(0);
      } else {
        part.append(c);
      }
    }
    parts.add(part.toString());
    ObjectNode node = root;
    for (int i = 0; i < parts.size() - 1; i++) {
      JsonNode next = node.get(parts.get(i));
      node = next instanceof ObjectNode o ? o : node.putObject(parts.get(i));
    }
    String last = parts.getLast();
    if (value == null) {
      node.remove(last);
    } else {
      node.set(last, Json.MAPPER.valueToTree(value));
    }
  }
}
