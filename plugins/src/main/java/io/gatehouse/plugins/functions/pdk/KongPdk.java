package io.gatehouse.plugins.functions.pdk;

import io.gatehouse.sdk.Consumer;
import io.gatehouse.sdk.Credential;
import io.gatehouse.sdk.LogPhase;
import io.gatehouse.sdk.Route;
import io.gatehouse.sdk.Service;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The language-neutral PDK that snippets of every language call: each {@link Namespace} is bound
 * once per runtime by the Lua and JavaScript bindings. {@code kong.ctx} is not here: its tables are
 * the language's own values.
 */
public final class KongPdk {
  public static final String VERSION = "3.9.1";
  public static final int VERSION_NUM = 3009001;
  private static final Logger LOG = LoggerFactory.getLogger("kong.serverless");
  private static final String NODE_ID = UUID.randomUUID().toString();
  private static final List<Namespace> NAMESPACES = List.of(RequestPdk.request(), RequestPdk.serviceRequest(),
      ResponsePdk.response(), ResponsePdk.serviceResponse(), client(), log(), node(), router());

  private KongPdk() {}

  /** Every namespace ({@code kong.request}, {@code kong.service.request} …), parents before children. */
  public static List<Namespace> namespaces() {
    return NAMESPACES;
  }

  private static Namespace client() {
    return Namespace.builder("kong.client")
        .fn("get_ip", (s, a) -> s.ctx().request().peerIp())
        .fn("get_forwarded_ip", (s, a) -> s.ctx().request().forwardedIp())
        .fn("get_port", (s, a) -> null)
        .fn("get_protocol", (s, a) -> s.ctx().request().scheme())
        .fn("get_consumer", (s, a) -> {
          Consumer c = s.ctx().consumer();
          return c == null ? null : fields("id", c.id(), "username", c.username(), "custom_id", c.customId());
        })
        .fn("get_credential", (s, a) -> {
          Credential c = s.ctx().credential();
          return c == null ? null : fields("id", c.id(), "consumer", fields("id", c.consumerId()));
        })
        .build();
  }

  private static Namespace log() {
    Namespace.Builder b = Namespace.builder("kong.log");
    for (String level : new String[] {"debug", "info", "notice", "warn", "err", "crit", "alert", "emerg"}) {
      b.action(level, (s, a) -> {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.size(); i++) {
          sb.append(a.display(i));
        }
        write(level, sb.toString());
      });
    }
    return b
        .action("inspect", (s, a) -> LOG.debug("{}", a.value(0)))
        .fn("serialize", (s, a) -> {
          LogPhase l = s.logOrNull();
          if (l == null) {
            throw s.notIn("kong.log.serialize");
          }
          return l.serialize().toMap();
        })
        .action("set_serialize_value", (s, a) -> {
          String key = a.string(0);
          Object value = a.value(1);
          LogPhase l = s.logOrNull();
          if (l != null) {
            l.setSerializeValue(key, value);
          } else {
            s.state().pendingSerialize.add(new Object[] {key, value});
          }
        })
        .build();
  }

  /** Writes a snippet's log line at Kong's level. */
  public static void write(String level, String line) {
    switch (level) {
      case "debug" -> LOG.debug("{}", line);
      case "info", "notice" -> LOG.info("{}", line);
      case "warn" -> LOG.warn("{}", line);
      default -> LOG.error("[{}] {}", level, line);
    }
  }

  private static Namespace node() {
    return Namespace.builder("kong.node")
        .fn("get_id", (s, a) -> NODE_ID)
        .fn("get_hostname", (s, a) -> {
          try {
            return java.net.InetAddress.getLocalHost().getHostName();
          } catch (java.net.UnknownHostException e) {
            return "localhost";
          }
        })
        .build();
  }

  private static Namespace router() {
    return Namespace.builder("kong.router")
        .fn("get_route", (s, a) -> {
          Route r = s.ctx().route();
          return r == null ? null : fields("id", r.id(), "name", r.name());
        })
        .fn("get_service", (s, a) -> {
          Service v = s.ctx().service();
          return v == null ? null : fields("id", v.id(), "name", v.name(), "host", v.host(), "port", v.port(),
              "protocol", v.protocol());
        })
        .build();
  }

  /** A map of the non-null pairs (a Lua table leaves nil fields out). */
  private static Map<String, Object> fields(@Nullable Object... pairs) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1] != null) {
        out.put((String) pairs[i], pairs[i + 1]);
      }
    }
    return out;
  }

  /** The error for a member the PDK does not offer. */
  public static PdkException unsupported(String call) {
    return new PdkException(call + " is not supported by Gatehouse");
  }
}
