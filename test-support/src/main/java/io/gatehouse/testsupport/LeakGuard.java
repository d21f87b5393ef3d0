package io.gatehouse.testsupport;

import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reported a buffer leak while it ran. Registered for every test by
 * JUnit's extension auto-detection (see the parent pom's surefire settings); leaks are found when
 * the leaked buffer is garbage-collected, so the guard collects garbage and lets Netty poll its
 * reference queue (by allocating) before it looks.
 */
public final class LeakGuard implements AfterAllCallback {

  @Override
  public void afterAll(ExtensionContext context) {
    for (int i = 0; i < 3 && RecordingLeakDetector.LEAKS.isEmpty(); i++) {
      System.gc();
      triggerLeakCheck();
    }
    if (!RecordingLeakDetector.LEAKS.isEmpty()) {
      List<String> leaks = new ArrayList<>(RecordingLeakDetector.LEAKS);
      RecordingLeakDetector.LEAKS.clear();
      throw new AssertionError("Netty reported " + leaks.size() + " buffer leak(s) during "
          + context.getDisplayName() + ":\n" + String.join("\n", leaks));
    }
  }

  /** Netty checks for collected leaks whenever a tracked buffer is allocated. */
  private static void triggerLeakCheck() {
    PooledByteBufAllocator.DEFAULT.directBuffer(1).release();
  }
}
