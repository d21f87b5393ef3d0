package io.gatehouse.proxy.tls;

import io.gatehouse.net.TrustEveryone;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OCSP stapling on the JDK's TLS provider (the listeners use it; netty-tcnative is not on the class
 * path). The JDK has no API to hand an engine a response: a context created with
 * {@code jdk.tls.server.enableStatusRequestExtension} fetches one itself from the certificate's AIA
 * responder (or {@code jdk.tls.stapling.responderURI}) when a client asks, caches it until its
 * nextUpdate (at most {@code jdk.tls.stapling.cacheLifetime}, an hour) and staples it.
 *
 * <p>Its fetch runs inside the handshake (a delegated task). So: the handshake tasks of stapling
 * contexts run on a small pool, not the event loop ({@link #newHandler}); they wait at most
 * {@link #HANDSHAKE_WAIT} for a fetch (the fetch goes on in the JDK's own threads and fills the
 * cache for the next one); and this class warms each stapling context from its own thread with an
 * in-memory handshake — when it is built, again once its cached response expires, and with a
 * bounded back-off while the responder fails. Clients meanwhile get handshakes without a staple.
 */
public final class OcspStapling {
  private static final Logger log = LoggerFactory.getLogger(OcspStapling.class);
  static final String ENABLE_PROPERTY = "jdk.tls.server.enableStatusRequestExtension";
  private static final String TIMEOUT_PROPERTY = "jdk.tls.stapling.responseTimeout";
  /** How long a handshake on the event loop may wait for a fetch the cache cannot answer. */
  static final Duration HANDSHAKE_WAIT = Duration.ofMillis(50);
  /** The longest pause between two warm-ups (the JDK's cache keeps a response an hour at most). */
  private static final Duration LONGEST = Duration.ofMinutes(5);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);

  private static final ScheduledExecutorService WARMER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "gatehouse-ocsp-stapling");
    t.setDaemon(true);
    return t;
  });

  /**
   * Runs the handshake tasks of stapling contexts (the JDK waits for a fetch in one), so the event
   * loop never waits; eight threads: a handshake whose fetch fails waits {@link #HANDSHAKE_WAIT} in one.
   */
  private static final Executor HANDSHAKES = Executors.newFixedThreadPool(8, r -> {
    Thread t = new Thread(r, "gatehouse-tls-handshake");
    t.setDaemon(true);
    return t;
  });

  private OcspStapling() {}

  /**
   * The TLS handler of a connection: a stapling context's handshake tasks run on a small pool of
   * their own, any other context's on the event loop (Netty's default, the cheapest).
   */
  public static SslHandler newHandler(SslContext context, ByteBufAllocator allocator) {
    return context instanceof PolicySslContext p && p.staplesOcsp()
        ? context.newHandler(allocator, HANDSHAKES) : context.newHandler(allocator);
  }

  /**
   * Sets the process-wide parts once: the handshake's wait (unless the operator set
   * {@code jdk.tls.stapling.responseTimeout}) and, when given, the responder that replaces the
   * certificates' AIA (nginx's {@code ssl_stapling_responder}).
   */
  public static void configure(@Nullable String responder) {
    if (System.getProperty(TIMEOUT_PROPERTY) == null) {
      System.setProperty(TIMEOUT_PROPERTY, Long.toString(HANDSHAKE_WAIT.toMillis()));
    }
    if (responder != null && !responder.isBlank()) {
      System.setProperty("jdk.tls.stapling.responderURI", responder);
      System.setProperty("jdk.tls.stapling.responderOverride", "true");
    }
  }

  /** Warms {@code context} now and whenever its response runs out, until the context is dropped. */
  static void warm(SslContext context) {
    configure(null);
    WeakReference<SslContext> ref = new WeakReference<>(context);
    WARMER.execute(() -> refresh(ref, FIRST_RETRY));
  }

  private static void refresh(WeakReference<SslContext> ref, Duration retry) {
    SslContext context = ref.get();
    if (context == null) return; // a newer configuration replaced it
    Duration next;
    Duration nextRetry = FIRST_RETRY;
    try {
      byte[] staple = staple(context);
      if (staple == null) {
        next = retry;
        nextRetry = min(retry.multipliedBy(2), LONGEST);
        if (retry.compareTo(FIRST_RETRY) > 0) log.warn("no OCSP response to staple yet; retrying in {}s", retry.toSeconds());
      } else {
        next = untilExpiry(staple);
      }
    } catch (RuntimeException | SSLException e) {
      next = retry;
      nextRetry = min(retry.multipliedBy(2), LONGEST);
      log.warn("OCSP stapling warm-up failed ({}); retrying in {}s", e.toString(), retry.toSeconds());
    }
    context = null; // only the weak reference waits for the next run
    Duration delay = next;
    Duration after = nextRetry;
    WARMER.schedule(() -> refresh(ref, after), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Just past the response's nextUpdate (when the JDK drops it), five minutes at most. */
  private static Duration untilExpiry(byte[] der) {
    try {
      BasicOCSPResp basic = (BasicOCSPResp) new OCSPResp(der).getResponseObject();
      Instant earliest = null;
      for (SingleResp single : basic.getResponses()) {
        Date nextUpdate = single.getNextUpdate();
        if (nextUpdate != null && (earliest == null || nextUpdate.toInstant().isBefore(earliest))) {
          earliest = nextUpdate.toInstant();
        }
      }
      if (earliest == null) return LONGEST;
      Duration left = Duration.between(Instant.now(), earliest).plusSeconds(1);
      return left.isNegative() ? FIRST_RETRY : min(left, LONGEST);
    } catch (java.io.IOException | org.bouncycastle.cert.ocsp.OCSPException | ClassCastException e) {
      return LONGEST;
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** The response a client asking for the status of the server's certificate gets, or null. */
  static byte @Nullable [] staple(SslContext context) throws SSLException {
    SSLEngine server = context.newEngine(ByteBufAllocator.DEFAULT);
    SSLEngine client = clientContext().createSSLEngine("localhost", 443);
    client.setUseClientMode(true);
    try {
      handshake(client, server);
      List<byte[]> responses = ((ExtendedSSLSession) client.getSession()).getStatusResponses();
      return responses.isEmpty() || responses.get(0).length == 0 ? null : responses.get(0);
    } finally {
      client.closeOutbound();
      server.closeOutbound();
    }
  }

  /** Runs both ends of a handshake through buffers on this thread. */
  private static void handshake(SSLEngine client, SSLEngine server) throws SSLException {
    int size = Math.max(client.getSession().getPacketBufferSize(), server.getSession().getPacketBufferSize()) * 4;
    ByteBuffer toServer = ByteBuffer.allocate(size);
    ByteBuffer toClient = ByteBuffer.allocate(size);
    ByteBuffer app = ByteBuffer.allocate(size);
    client.beginHandshake();
    server.beginHandshake();
    for (int round = 0; round < 40; round++) {
      drive(client, toClient, toServer, app);
      drive(server, toServer, toClient, app);
      if (done(client) && done(server)) return;
    }
    throw new SSLException("the warm-up handshake did not finish");
  }

  private static boolean done(SSLEngine e) {
    SSLEngineResult.HandshakeStatus s = e.getHandshakeStatus();
    return s == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING || s == SSLEngineResult.HandshakeStatus.FINISHED;
  }

  private static void drive(SSLEngine engine, ByteBuffer in, ByteBuffer out, ByteBuffer app) throws SSLException {
    ByteBuffer empty = ByteBuffer.allocate(0);
    for (int step = 0; step < 40; step++) {
      switch (engine.getHandshakeStatus()) {
        case NEED_TASK -> {
          Runnable task;
          while ((task = engine.getDelegatedTask()) != null) task.run();
        }
        case NEED_WRAP -> engine.wrap(empty, out);
        case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
          in.flip();
          SSLEngineResult r = engine.unwrap(in, app);
          in.compact();
          app.clear();
          if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW || r.bytesConsumed() == 0
              && r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_UNWRAP) {
            return; // waits for the other side
          }
        }
        default -> {
          return;
        }
      }
    }
  }

  /** A client that asks for the status (the JDK's default) and trusts the server: only the staple matters here. */
  private static SSLContext clientContext() {
    return TrustEveryone.clientContext();
  }
}
