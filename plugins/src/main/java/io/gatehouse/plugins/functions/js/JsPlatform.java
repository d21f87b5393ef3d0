package io.gatehouse.plugins.functions.js;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.io.IOAccess;

/**
 * What every JavaScript context of the node shares, created on first use (a node without JavaScript
 * snippets never loads GraalJS): one polyglot {@link Engine}, so a snippet parsed once is shared by
 * every context; the statement limit; the watchdog; one {@link JsRuntime} per event-loop thread.
 */
final class JsPlatform {
  /** Statements one snippet call may run: the number Kong's Lua sandbox allows in VM instructions. */
  static final long QUOTA = 500_000;
  /**
   * Wall-clock time one snippet call may take before the watchdog interrupts it: far above what a
   * warm snippet takes (microseconds), above a cold first run on a loaded machine (class loading,
   * a first regular expression: up to a second seen on 2 busy cores).
   */
  static final long TIME_LIMIT_MS = 2000;

  private static volatile JsPlatform instance;

  final Engine engine;
  final ResourceLimits limits;
  final Source setup;
  final Watchdog watchdog;
  private final ThreadLocal<JsRuntime> runtimes;
  /** Parses (never runs) snippets for validation and compiling; one at a time. */
  private final Context parser;
  private final ReentrantLock parsing = new ReentrantLock();

  private JsPlatform() {
    // GraalJS runs interpreted on a stock JDK (no JVMCI compiler): say so once in the docs, not per start
    this.engine = Engine.newBuilder("js")
        .option("engine.WarnInterpreterOnly", "false")
        .build();
    this.limits = ResourceLimits.newBuilder().statementLimit(QUOTA, null).build();
    this.setup = Source.newBuilder("js", resource("pdk.js"), "gatehouse-pdk.js").buildLiteral();
    this.watchdog = new Watchdog(TIME_LIMIT_MS);
    this.runtimes = ThreadLocal.withInitial(() -> watchdog.register(new JsRuntime(this)));
    this.parser = newContext();
  }

  /**
   * Parses a snippet into the shared engine's cache, so contexts evaluating it later do not parse
   * again; a syntax error throws GraalJS's {@code PolyglotException}.
   */
  void parse(Source source) {
    parsing.lock();
    try {
      parser.parse(source);
    } finally {
      parsing.unlock();
    }
  }

  static JsPlatform get() {
    JsPlatform p = instance;
    if (p == null) {
      synchronized (JsPlatform.class) {
        p = instance;
        if (p == null) {
          instance = p = new JsPlatform();
        }
      }
    }
    return p;
  }

  JsRuntime runtime() {
    return runtimes.get();
  }

  /**
   * A sandboxed context: no host classes or objects (the PDK is offered through proxies only), no
   * file, network, process, thread, environment or native access, no other languages, and no
   * {@code print}, {@code load}, {@code console}, {@code Graal} or {@code Polyglot} globals.
   */
  Context newContext() {
    return Context.newBuilder("js")
        .engine(engine)
        .allowHostAccess(HostAccess.NONE)
        .allowHostClassLookup(name -> false)
        .allowIO(IOAccess.NONE)
        .allowCreateThread(false)
        .allowCreateProcess(false)
        .allowNativeAccess(false)
        .allowEnvironmentAccess(EnvironmentAccess.NONE)
        .allowPolyglotAccess(PolyglotAccess.NONE)
        .allowExperimentalOptions(true)
        .option("js.load", "false")
        .option("js.print", "false")
        .option("js.console", "false")
        .option("js.graal-builtin", "false")
        .option("js.polyglot-builtin", "false")
        .option("js.java-package-globals", "false")
        .resourceLimits(limits)
        .build();
  }

  private static String resource(String name) {
    try (InputStream in = JsPlatform.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
