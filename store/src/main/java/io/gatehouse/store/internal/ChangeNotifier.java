package io.gatehouse.store.internal;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells listeners about committed versions, in increasing order and each at most once. Its own lock
 * (not the write lock) so a slow listener delays other notifications but never a writer.
 */
public final class ChangeNotifier {
  private static final Logger log = LoggerFactory.getLogger(ChangeNotifier.class);

  private final List<LongConsumer> listeners = new CopyOnWriteArrayList<>();
  private final ReentrantLock lock = new ReentrantLock();
  private long published;

  public void add(LongConsumer listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  public void publish(long version) {
    tell(version, false);
  }

  /**
   * As {@link #publish}, but also when {@code version} was published already: a store first reached
   * after starting while its database was down announces what it found, even version 0 (an empty
   * database), so a node serving a saved configuration switches to it (issue 17).
   */
  public void announce(long version) {
    tell(version, true);
  }

  private void tell(long version, boolean again) {
    lock.lock();
    try {
      // two writers may finish out of order; the later version already covers the earlier one
      if (version < published || (version == published && !again)) {
        return;
      }
      published = version;
      for (LongConsumer l : listeners) {
        try {
          l.accept(version);
        } catch (RuntimeException e) {
          log.warn("config change listener failed for version {}", version, e);
        }
      }
    } finally {
      lock.unlock();
    }
  }
}
