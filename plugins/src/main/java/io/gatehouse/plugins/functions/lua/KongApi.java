package io.gatehouse.plugins.functions.lua;

import io.gatehouse.sdk.Consumer;
import io.gatehouse.sdk.Credential;
import io.gatehouse.sdk.LogPhase;
import io.gatehouse.sdk.Route;
import io.gatehouse.sdk.Service;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code kong} table: the PDK namespaces real snippets use; any other member fails naming itself. */
final class KongApi {
  private static final Logger LOG = LoggerFactory.getLogger("kong.serverless");
  private static final String NODE_ID = java.util.UUID.randomUUID().toString();
  private final LuaRuntime rt;

  KongApi(LuaRuntime rt) {
    this.rt = rt;
  }

  LuaTable table() {
    LuaTable kong = Fn.namespace("kong");
    KongRequestApi request = new KongRequestApi(rt);
    KongResponseApi response = new KongResponseApi(rt);
    kong.set("request", request.request());
    kong.set("response", response.response());
    LuaTable service = Fn.namespace("kong.service");
    service.set("request", request.serviceRequest());
    service.set("response", response.serviceResponse());
    kong.set("service", service);
    kong.set("client", client());
    kong.set("ctx", ctx());
    kong.set("log", log());
    kong.set("node", node());
    kong.set("router", router());
    kong.set("version", "3.9.1");
    kong.set("version_num", 3009001);
    kong.set("configuration", new LuaTable());
    return kong;
  }

  private LuaTable client() {
    LuaTable t = Fn.namespace("kong.client");
    t.set("get_ip", Fn.of(a -> LuaValue.valueOf(rt.scope().ctx.request().peerIp())));
    t.set("get_forwarded_ip", Fn.of(a -> LuaValue.valueOf(rt.scope().ctx.request().forwardedIp())));
    t.set("get_port", Fn.of(a -> LuaValue.NIL));
    t.set("get_protocol", Fn.of(a -> LuaValue.valueOf(rt.scope().ctx.request().scheme())));
    t.set("get_consumer", Fn.of(a -> {
      Consumer c = rt.scope().ctx.consumer();
      if (c == null) {
        return LuaValue.NIL;
      }
      LuaTable out = new LuaTable();
      out.set("id", c.id());
      out.set("username", KongRequestApi.str(c.username()));
      out.set("custom_id", KongRequestApi.str(c.customId()));
      return out;
    }));
    t.set("get_credential", Fn.of(a -> {
      Credential c = rt.scope().ctx.credential();
      if (c == null) {
        return LuaValue.NIL;
      }
      LuaTable out = new LuaTable();
      out.set("id", c.id());
      LuaTable consumer = new LuaTable();
      consumer.set("id", c.consumerId());
      out.set("consumer", consumer);
      return out;
    }));
    return t;
  }

  /** {@code kong.ctx.shared} (all plugins of the request) and {@code kong.ctx.plugin} (this instance). */
  private LuaTable ctx() {
    LuaTable t = new LuaTable();
    LuaTable meta = new LuaTable();
    meta.set(LuaValue.INDEX, Fn.of(a -> switch (a.arg(2).tojstring()) {
      case "shared" -> rt.scope().state.shared;
      case "plugin" -> rt.scope().state.pluginCtx(rt.scope().ctx.pluginId());
      default -> LuaValue.NIL;
    }));
    t.setmetatable(meta);
    return t;
  }

  private LuaTable log() {
    LuaTable t = Fn.namespace("kong.log");
    for (String level : new String[] {"debug", "info", "notice", "warn", "err", "crit", "alert", "emerg"}) {
      t.set(level, Fn.of(a -> {
        write(level, a);
        return LuaValue.NONE;
      }));
    }
    t.set("inspect", Fn.of(a -> {
      LOG.debug("{}", LuaValues.toJava(a.arg1()));
      return LuaValue.NONE;
    }));
    t.set("serialize", Fn.of(a -> {
      LogPhase l = rt.scope().logOrNull();
      if (l == null) {
        throw rt.scope().notIn("kong.log.serialize");
      }
      return LuaValues.toLua(l.serialize().toMap());
    }));
    t.set("set_serialize_value", Fn.of(a -> {
      String key = a.checkjstring(1);
      Object value = LuaValues.toJava(a.arg(2));
      LogPhase l = rt.scope().logOrNull();
      if (l != null) {
        l.setSerializeValue(key, value);
      } else {
        rt.scope().state.pendingSerialize.add(new Object[] {key, value});
      }
      return LuaValue.NONE;
    }));
    return t;
  }

  static void write(String level, Varargs a) {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= a.narg(); i++) {
      sb.append(a.arg(i).isnil() ? "nil" : a.arg(i).tojstring());
    }
    switch (level) {
      case "debug" -> LOG.debug("{}", sb);
      case "info", "notice" -> LOG.info("{}", sb);
      case "warn" -> LOG.warn("{}", sb);
      default -> LOG.error("[{}] {}", level, sb);
    }
  }

  private LuaTable node() {
    LuaTable t = Fn.namespace("kong.node");
    t.set("get_id", Fn.of(a -> LuaValue.valueOf(NODE_ID)));
    t.set("get_hostname", Fn.of(a -> {
      try {
        return LuaValue.valueOf(java.net.InetAddress.getLocalHost().getHostName());
      } catch (java.net.UnknownHostException e) {
        return LuaValue.valueOf("localhost");
      }
    }));
    return t;
  }

  private LuaTable router() {
    LuaTable t = Fn.namespace("kong.router");
    t.set("get_route", Fn.of(a -> {
      Route r = rt.scope().ctx.route();
      if (r == null) {
        return LuaValue.NIL;
      }
      LuaTable out = new LuaTable();
      out.set("id", r.id());
      out.set("name", KongRequestApi.str(r.name()));
      return out;
    }));
    t.set("get_service", Fn.of(a -> {
      Service s = rt.scope().ctx.service();
      if (s == null) {
        return LuaValue.NIL;
      }
      LuaTable out = new LuaTable();
      out.set("id", s.id());
      out.set("name", KongRequestApi.str(s.name()));
      out.set("host", s.host());
      out.set("port", s.port());
      out.set("protocol", s.protocol());
      return out;
    }));
    return t;
  }

  static LuaError unsupported(String call) {
    return new LuaError(call + " is not supported by Gatehouse");
  }
}
