package io.gatehouse.app;

import static java.util.Objects.requireNonNull;

import io.gatehouse.app.settings.Settings;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Gatehouse process. {@link #start(Settings)} starts the components in order (each
 * one already running when {@link #add} registers it); {@link #close()} stops them in reverse, so
 * a component can rely on the ones started before it for its whole life.
 *
 * <p>The node is ready ({@link #isReady()}, {@code /status/ready}) once every component has
 * started, and stops being ready as soon as it begins to close.
 */
public final class Node implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Node.class);

  /** Starts a node's components by calling {@link Node#add} for each, in start order. */
  @FunctionalInterface
  public interface Wiring {
    void wire(Node node) throws Exception;
  }

  private record Component(String name, AutoCloseable instance) {}

  private final Settings settings;
  private final UUID id;
  private final Deque<Component> components = new ArrayDeque<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final List<BooleanSupplier> readinessChecks = new CopyOnWriteArrayList<>();
  private volatile boolean ready;
  private boolean closing;

  private Node(Settings settings, UUID id) {
    this.settings = settings;
    this.id = id;
  }

  /** Starts a node with Gatehouse's components. */
  public static Node start(Settings settings) throws Exception {
    return start(settings, Node::wireGatehouse);
  }

  /**
   * Starts a node with the given wiring. If a component fails to start, the ones already started
   * are closed in reverse and the failure is thrown.
   */
  public static Node start(Settings settings, Wiring wiring) throws Exception {
    requireNonNull(settings, "settings");
    requireNonNull(wiring, "wiring");
    Files.createDirectories(settings.logsDirectory());
    Node node = new Node(settings, NodeIdFile.loadOrCreate(settings.nodeIdFile()));
    try {
      wiring.wire(node);
    } catch (Throwable t) {
      node.close();
      throw t;
    }
    node.ready = true;
    log.info("gatehouse {} node {} started in {} ({} components)", Version.current(), node.id,
        settings.prefix(), node.componentNames().size());
    return node;
  }

  /** The components of a Gatehouse node (see {@link GatehouseWiring}). */
  private static void wireGatehouse(Node node) throws Exception {
    GatehouseWiring.wire(node);
  }

  /**
   * Registers a started component; it is closed when the node closes, after every component
   * registered later. Returns it, so wiring reads {@code var store = node.add("store", open(...))}.
   */
  public synchronized <T extends AutoCloseable> T add(String name, T component) {
    requireNonNull(name, "name");
    requireNonNull(component, "component");
    if (closing) {
      // a component started while the node was closing would never be closed
      closeQuietly(new Component(name, component));
      throw new IllegalStateException("node is closing; cannot add " + name);
    }
    components.push(new Component(name, component));
    log.debug("started {}", name);
    return component;
  }

  /** The first registered component of this type, e.g. for the Admin API to reach the store. */
  public synchronized <T> Optional<T> component(Class<T> type) {
    requireNonNull(type, "type");
    return components.reversed().stream().map(Component::instance).filter(type::isInstance).map(type::cast).findFirst();
  }

  /** The component added under {@code name}, if it is a {@code type}. */
  public synchronized <T> Optional<T> component(String name, Class<T> type) {
    requireNonNull(type, "type");
    return components.stream().filter(c -> c.name().equals(name)).map(Component::instance)
        .filter(type::isInstance).map(type::cast).findFirst();
  }

  /** Names of the running components, in start order. */
  public synchronized List<String> componentNames() {
    return components.reversed().stream().map(Component::name).toList();
  }

  public Settings settings() {
    return settings;
  }

  /** This node's id, kept in the prefix across restarts. */
  public UUID id() {
    return id;
  }

  /**
   * Adds a condition for readiness, e.g. "the first configuration snapshot is built" (Kong's
   * {@code /status/ready} answers 503 until then). Called often: keep it cheap and non-blocking.
   */
  public void addReadinessCheck(BooleanSupplier check) {
    readinessChecks.add(requireNonNull(check, "check"));
  }

  /** Whether every component started, every readiness check passes, and the node is not closing. */
  public boolean isReady() {
    if (!ready) {
      return false;
    }
    for (BooleanSupplier check : readinessChecks) {
      if (!check.getAsBoolean()) {
        return false;
      }
    }
    return true;
  }

  /** Blocks until {@link #close()} has finished. */
  public void awaitShutdown() throws InterruptedException {
    closed.await();
  }

  /** Blocks until {@link #close()} has finished or the timeout passes; true if closed. */
  public boolean awaitShutdown(Duration timeout) throws InterruptedException {
    return closed.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Stops every component in reverse start order; a failing one is logged and the rest still stop. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
      ready = false;
    }
    try {
      Component c;
      while ((c = pop()) != null) {
        closeQuietly(c);
      }
      log.info("gatehouse node {} stopped", id);
    } finally {
      closed.countDown();
    }
  }

  private synchronized Component pop() {
    return components.poll();
  }

  private static void closeQuietly(Component c) {
    try {
      c.instance().close();
      log.debug("stopped {}", c.name());
    } catch (Exception e) {
      log.error("failed to stop {}", c.name(), e);
    }
  }
}
