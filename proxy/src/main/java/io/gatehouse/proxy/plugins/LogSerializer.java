package io.gatehouse.proxy.plugins;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.model.Consumer;
import io.gatehouse.core.model.Route;
import io.gatehouse.core.model.Service;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Locale;
import java.util.Map;

/**
 * A subset of Kong's basic log serializer ({@code kong.log.serialize}): request, response, route,
 * service, consumer, tries, client_ip, started_at. Authorization headers are redacted so credentials never
 * reach a log sink.
 */
final class LogSerializer {
  private LogSerializer() {}

  static ObjectNode serialize(PluginRun run, RequestFacts facts, long startedAtMillis) {
    ObjectNode out = Json.object();
    ObjectNode request = out.putObject("request");
    String query = facts.rawQuery();
    String uri = query == null ? facts.rawPath() : facts.rawPath() + "?" + query;
    request.put("method", facts.method());
    request.put("uri", uri);
    request.put("url", facts.scheme() + "://" + facts.host() + ":" + facts.port() + uri);
    request.put("id", run.requestId());
    request.set("headers", headers(facts.headers()));
    ObjectNode response = out.putObject("response");
    response.put("status", run.status());
    Route route = run.route();
    if (route != null) {
      out.putObject("route").put("id", route.id()).put("name", route.name());
    }
    Service service = run.service();
    if (service != null) {
      out.putObject("service").put("id", service.id()).put("name", service.name());
    }
    Consumer consumer = run.consumer();
    if (consumer != null) {
      out.putObject("consumer").put("id", consumer.id()).put("username", consumer.username())
          .put("custom_id", consumer.customId());
    }
    if (!run.tries().isEmpty()) {
      ArrayNode tries = out.putArray("tries");
      for (UpstreamTry t : run.tries()) {
        ObjectNode o = tries.addObject();
        o.put("ip", t.ip());
        o.put("port", t.port());
        o.put("balancer_start", t.balancerStart());
        o.put("balancer_latency", t.balancerLatency());
        if (t.state() != null) {
          o.put("state", t.state());
          o.put("code", t.code());
        }
      }
    }
    out.put("client_ip", facts.forwardedIp());
    out.put("started_at", startedAtMillis);
    return out;
  }

  private static ObjectNode headers(HttpHeaders h) {
    ObjectNode o = Json.object();
    for (Map.Entry<String, String> e : h) {
      String name = e.getKey().toLowerCase(Locale.ROOT);
      String value = name.equals("authorization") || name.equals("proxy-authorization") ? "REDACTED" : e.getValue();
      o.put(name, value);
    }
    return o;
  }
}
