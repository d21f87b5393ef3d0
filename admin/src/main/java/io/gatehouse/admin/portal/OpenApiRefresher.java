package io.gatehouse.admin.portal;

import io.gatehouse.core.error.KongException;
import io.gatehouse.store.portal.ApiProduct;
import io.gatehouse.store.portal.PortalStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches every workspace's products' {@code openapi_url} documents again once they were last tried
 * {@code interval} ago ({@code portal_openapi_refresh_interval}, docs/portal.md), through the same
 * {@link Products#refetch} as the Admin API's {@code …/openapi/fetch}: same fetch, same limits, a
 * failure keeps the stored document and records why. One daemon platform thread, one product at a
 * time (blocking fetches and JDBC, never an event loop). Nodes sharing a database claim each due
 * product first ({@link PortalStore#claimOpenApiCheck}), so one of them fetches it per interval.
 */
final class OpenApiRefresher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OpenApiRefresher.class);
  /** How often due products are looked for, at most: a product waits at most this much past its interval. */
  private static final Duration LONGEST_LOOK = Duration.ofMinutes(1);

  private final PortalStore store;
  private final WorkspacePortals portals;
  private final Clock clock;
  private final long intervalSeconds;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().name("portal-openapi-refresh").daemon().factory());

  private OpenApiRefresher(PortalStore store, WorkspacePortals portals, Clock clock, Duration interval) {
    this.store = store;
    this.portals = portals;
    this.clock = clock;
    this.intervalSeconds = interval.toSeconds();
  }

  /** Started: looks for due products every {@code interval}, or every minute when that is longer. */
  static OpenApiRefresher start(PortalStore store, WorkspacePortals portals, Clock clock, Duration interval) {
    if (interval.toSeconds() < 1) throw new IllegalArgumentException("interval must be at least 1 second: " + interval);
    OpenApiRefresher r = new OpenApiRefresher(store, portals, clock, interval);
    long every = Math.min(interval.toMillis(), LONGEST_LOOK.toMillis());
    r.timer.scheduleWithFixedDelay(r::runQuietly, every, every, TimeUnit.MILLISECONDS);
    return r;
  }

  private void runQuietly() {
    try {
      refreshDue();
    } catch (RuntimeException e) { // the database is down, say: the next look tries again
      LOG.warn("portal: cannot look for OpenAPI documents to fetch again: {}", e.getMessage());
    }
  }

  /** One look: fetches each product last tried an interval ago or more, that no other node claimed. */
  void refreshDue() {
    long now = clock.instant().getEpochSecond();
    for (PortalStore.DueProduct due : store.openApiDue(now - intervalSeconds)) {
      if (Thread.currentThread().isInterrupted()) return; // the node is stopping
      ApiProduct p = due.product();
      if (!store.in(due.wsId()).claimOpenApiCheck(p.id(), p.openapiCheckedAt(), clock.instant().getEpochSecond())) {
        continue; // another node has it
      }
      refresh(due.wsId(), p);
    }
  }

  private void refresh(String wsId, ApiProduct p) {
    try {
      ApiProduct now = portals.in(wsId).products().refetch(p);
      if (!java.util.Objects.equals(now.openapi(), p.openapi())) {
        LOG.info("portal: product {} ({}) has a new OpenAPI document from {}", p.name(), p.id(), p.openapiUrl());
      }
    } catch (OpenApiFetch.Failed | KongException e) {
      if (Thread.currentThread().isInterrupted()) return; // stopped mid-fetch: nothing was recorded
      LOG.warn("portal: product {} ({}) keeps its OpenAPI document: {}", p.name(), p.id(), e.getMessage());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
