package io.gatehouse.app;

import static java.util.Objects.requireNonNull;

import io.gatehouse.app.settings.Settings;
import io.gatehouse.control.SnapshotFeed;
import io.gatehouse.proxy.ProxyServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kong's {@code reload} inside a running node: takes re-read settings without closing a connection.
 * What a running node can change is applied ({@link #LIVE}): the log level, the proxy's headers,
 * trusted IPs, error format, client timeouts and body limits, and the default certificate (its
 * files are read again even when the paths are unchanged); the configuration is rebuilt with the
 * secret cache emptied, so every vault reference is read again. Any other changed setting (listeners, database,
 * plugins...) is named in the answer and takes effect at the next restart.
 */
final class NodeReload implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeReload.class);

  /** The settings a reload applies to the running node. */
  static final Set<String> LIVE = Set.of("log_level", "headers", "headers_upstream", "trusted_ips", "real_ip_header",
      "real_ip_recursive", "error_default_type", "ssl_cert", "ssl_cert_key", "nginx_http_client_header_timeout",
      "nginx_http_client_body_timeout", "nginx_http_keepalive_timeout", "nginx_http_client_max_body_size",
      "nginx_http_client_body_buffer_size", "client_body_buffer_size", "nginx_main_worker_shutdown_timeout");

  private final ReentrantLock lock = new ReentrantLock();
  private final LogbackLevels logLevels;
  private final ProxyServer proxy;
  private final SnapshotFeed feed;
  private final Runnable forgetSecrets;
  private Settings current;

  NodeReload(Settings started, LogbackLevels logLevels, ProxyServer proxy, SnapshotFeed feed, Runnable forgetSecrets) {
    this.forgetSecrets = requireNonNull(forgetSecrets, "forgetSecrets");
    this.current = requireNonNull(started, "started");
    this.logLevels = requireNonNull(logLevels, "logLevels");
    this.proxy = requireNonNull(proxy, "proxy");
    this.feed = requireNonNull(feed, "feed");
  }

  /** The settings the node runs with now (those it started with, as changed by reloads). */
  Settings current() {
    lock.lock();
    try {
      return current;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Applies {@code next}; returns the changed settings that need a restart (empty when none).
   *
   * @throws IllegalArgumentException when a new value cannot be used (a bad certificate): nothing changed then
   */
  List<String> reload(Settings next) {
    requireNonNull(next, "next");
    lock.lock();
    try {
      if (!next.prefix().equals(current.prefix())) {
        throw new IllegalArgumentException("prefix " + next.prefix() + " is not the running node's (" + current.prefix() + ")");
      }
      // the proxy first: it is what can fail (certificate files), and then nothing else has changed
      proxy.reconfigure(GatehouseWiring.proxyOptions(next));
      logLevels.reconfigure(next.logLevel());
      List<String> restart = new ArrayList<>();
      for (String key : changedKeys(current, next)) {
        if (!LIVE.contains(key)) {
          restart.add(key);
        }
      }
      current = next;
      forgetSecrets.run(); // every vault reference is read again, whatever its ttl
      feed.rebuild();
      LOG.info("configuration reloaded{}", restart.isEmpty() ? ""
          : "; changed settings that take effect at the next restart: " + String.join(", ", restart));
      return List.copyOf(restart);
    } finally {
      lock.unlock();
    }
  }

  private static Set<String> changedKeys(Settings before, Settings after) {
    Set<String> keys = new TreeSet<>(before.keys());
    keys.addAll(after.keys());
    keys.removeIf(k -> Objects.equals(before.text(k), after.text(k)));
    return keys;
  }

  @Override
  public void close() {
    // nothing held: the components it reconfigures close themselves
  }
}
