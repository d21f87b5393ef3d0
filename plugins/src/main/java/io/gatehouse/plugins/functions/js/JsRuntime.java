package io.gatehouse.plugins.functions.js;

import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.functions.pdk.KongPdk;
import io.gatehouse.plugins.functions.pdk.Namespace;
import io.gatehouse.plugins.functions.pdk.PdkException;
import io.gatehouse.plugins.functions.pdk.PdkFunction;
import io.gatehouse.plugins.functions.pdk.RequestScope;
import io.gatehouse.plugins.functions.pdk.Signals;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.jspecify.annotations.Nullable;

/**
 * One event-loop thread's JavaScript context with the {@code kong} object bound to the shared PDK
 * ({@link KongPdk}). Contexts are single-threaded, so each thread that runs snippets has its own;
 * the PDK reads the request from the scope set for each call. A context whose statement limit ran
 * out is cancelled by GraalJS and replaced here ({@link #generation} tells snippets to re-evaluate).
 */
final class JsRuntime {
  private static final String SHARED = JsRuntime.class.getName() + ".shared";

  private final JsPlatform platform;
  private final List<PdkFunction> functions = new ArrayList<>();
  private final String spec;
  private volatile Context context;
  private Value fail;
  private Value newObject;
  private Value parse;
  private Value stringify;
  /** Increases with each new context; values of an older one must not be used. */
  private int generation;
  /** System.nanoTime() when the running call started, 0 when idle (read by the watchdog). */
  volatile long busySince;
  private @Nullable RequestScope scope;
  private @Nullable String error;
  private boolean exited;
  private boolean cancelled;

  /** A snippet call that failed: its message, as the phase run reports it. */
  static final class Failure extends RuntimeException {
    Failure(String message) {
      super(message, null, false, false);
    }
  }

  JsRuntime(JsPlatform platform) {
    this.platform = platform;
    List<Object> namespaces = new ArrayList<>();
    for (Namespace ns : KongPdk.namespaces()) {
      List<Object> names = new ArrayList<>();
      ns.functions().forEach((name, f) -> {
        names.add(List.of(name, functions.size()));
        functions.add(f);
      });
      namespaces.add(List.of(ns.path(), names));
    }
    this.spec = Json.write(Json.MAPPER.valueToTree(namespaces));
    this.context = open();
  }

  private Context open() {
    Context c = platform.newContext();
    Value specValue = c.eval("js", "(s) => JSON.parse(s)").execute(spec);
    Value api = c.eval(platform.setup).execute(specValue, (ProxyExecutable) this::call,
        (ProxyExecutable) args -> takeError(), (ProxyExecutable) args -> ctxObject(SHARED),
        (ProxyExecutable) args -> ctxObject(requireScope().ctx().pluginId()), KongPdk.VERSION, KongPdk.VERSION_NUM);
    fail = api.getMember("fail");
    newObject = api.getMember("newObject");
    parse = api.getMember("parse");
    stringify = api.getMember("stringify");
    c.getBindings("js").putMember("kong", api.getMember("kong"));
    // Java (its type() fails without host class lookup) goes too; snippets share the thread's
    // globals, so none may change them
    c.eval("js", "delete globalThis.Java; Object.freeze(globalThis)");
    generation++;
    return c;
  }

  int generation() {
    return generation;
  }

  void enter(@Nullable RequestScope s) {
    this.scope = s;
    this.exited = false;
  }

  /** Whether a PDK call ended the phase ({@code kong.response.exit}) during the last run. */
  boolean exited() {
    return exited;
  }

  /** A snippet's wrapper function in this context. */
  Value evaluate(Source source) {
    return run(() -> context.eval(source));
  }

  /** Calls a snippet function under the statement and time limits. */
  Value execute(Value fn) {
    return run(fn::execute);
  }

  private Value run(java.util.function.Supplier<Value> call) {
    context.resetLimits();
    busySince = System.nanoTime();
    try {
      return call.get();
    } catch (PolyglotException e) {
      if (exited) {
        return fail;
      }
      if (e.isCancelled() || e.isResourceExhausted()) {
        cancelled = true; // replaced before the next run, outside the time this call is charged
        throw new Failure("Quota exceeded: " + JsPlatform.QUOTA + " statements");
      }
      if (e.isInterrupted()) {
        throw new Failure("Time limit exceeded: " + JsPlatform.TIME_LIMIT_MS + " ms");
      }
      throw new Failure(e.getMessage() == null ? e.toString() : e.getMessage());
    } finally {
      busySince = 0;
    }
  }

  /**
   * Before a run: a context the statement limit cancelled is replaced; its values are dead, and
   * snippets see the new {@link #generation()} and evaluate again.
   */
  void ensureUsable() {
    if (cancelled) {
      try {
        context.close(true);
      } catch (RuntimeException ignored) {
        // already cancelled
      }
      context = open();
      cancelled = false;
    }
  }

  /** From the watchdog thread: stops the running call (the context stays usable). */
  void interrupt(Duration wait) {
    try {
      context.interrupt(wait);
    } catch (TimeoutException e) {
      throw new IllegalStateException("not interrupted within " + wait.toMillis() + " ms", e);
    }
  }

  private RequestScope requireScope() {
    if (scope == null) {
      throw new PdkException("the PDK is only available while a request is handled");
    }
    return scope;
  }

  /** {@code call(id, ...args)} from pdk.js: runs PDK function {@code id}; a refusal answers FAIL. */
  private Object call(Value... args) {
    if (exited) {
      error = null; // after kong.response.exit, even a caught one, every PDK call ends the snippet
      return fail;
    }
    try {
      PdkFunction f = functions.get(args[0].asInt());
      Object result = f.call(requireScope(), new JsArgs(this, Arrays.copyOfRange(args, 1, args.length)));
      return toJs(result instanceof PdkFunction.Multi m ? m.values().getFirst() : result);
    } catch (Signals.Exit e) {
      exited = true;
      error = null;
      return fail;
    } catch (RuntimeException e) {
      error = e.getMessage() == null ? e.toString() : e.getMessage();
      return fail;
    }
  }

  private @Nullable String takeError() {
    String e = error;
    error = null;
    return e;
  }

  /** The kong.ctx objects of one request, valid in the context of one generation. */
  private static final class CtxObjects {
    int generation;
    final Map<String, Value> values = new java.util.HashMap<>();

    CtxObjects(int generation) {
      this.generation = generation;
    }
  }

  /** kong.ctx.shared (all JavaScript snippets of the request) or kong.ctx.plugin (by instance id). */
  private Value ctxObject(String key) {
    CtxObjects objects = requireScope().state().slot(CtxObjects.class, () -> new CtxObjects(generation));
    if (objects.generation != generation) {
      objects.generation = generation;
      objects.values.clear();
    }
    return objects.values.computeIfAbsent(key, k -> newObject.execute());
  }

  /** Plain Java to JavaScript: tables become JavaScript objects and arrays, bytes a UTF-8 string. */
  @Nullable Object toJs(@Nullable Object v) {
    if (v == null || v instanceof String || v instanceof Boolean || v instanceof Number) {
      return v;
    } else if (v instanceof byte[] b) {
      return new String(b, StandardCharsets.UTF_8);
    } else if (v instanceof Map<?, ?> || v instanceof List<?>) {
      return parse.execute(Json.write(Json.MAPPER.valueToTree(v)));
    }
    return v.toString();
  }

  /** JSON.stringify of a value of this context. */
  String stringify(Value v) {
    return stringify.execute(v).asString();
  }
}
