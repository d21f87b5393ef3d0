package io.gatehouse.admin.portal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.admin.analytics.Bucket;
import io.gatehouse.admin.analytics.CallFilter;
import io.gatehouse.admin.analytics.CallQueries;
import io.gatehouse.admin.api.AnalyticsApi;
import io.gatehouse.admin.http.AdminRequest;
import io.gatehouse.admin.http.AdminResponse;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.store.portal.Application;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import org.jspecify.annotations.Nullable;

/**
 * An application's own calls and usage, from the analytics store (docs/analytics.md) narrowed to the
 * application's consumer: the developer's filters are kept, the consumer is always the app's.
 */
final class ApplicationUsage {
  private static final long WEEK_MS = 7L * 86_400_000L;

  private final @Nullable CallQueries queries;
  private final Clock clock;

  /** @param queries the node's call store, or null when {@code analytics} is off */
  ApplicationUsage(@Nullable CallQueries queries, Clock clock) {
    this.queries = queries;
    this.clock = clock;
  }

  private interface Query {
    AdminResponse answer(CallQueries q) throws SQLException;
  }

  /** {@code GET /applications/{app}/calls}: newest first, the call log's filters and paging. */
  AdminResponse calls(Application app, AdminRequest req) {
    return run(q -> {
      int size = AnalyticsApi.size(req);
      String offset = req.queryParam("offset");
      CallQueries.Page page = AnalyticsApi.page(q, AnalyticsApi.filter(req).forConsumer(app.consumerId()), size, offset);
      ObjectNode body = Json.object();
      body.set("data", page.data());
      if (page.nextOffset() == null) {
        body.putNull("offset");
      } else {
        body.put("offset", page.nextOffset());
      }
      return AdminResponse.json(200, body);
    });
  }

  /**
   * {@code GET /applications/{app}/usage}: per {@code bucket} ({@code hour} by default, or {@code day})
   * over {@code from}–{@code to} (default: the last 24 hours, or 30 days by day), and the totals of
   * this calendar week (from Monday 00:00 UTC) and the one before.
   */
  AdminResponse usage(Application app, AdminRequest req) {
    return run(q -> {
      String b = req.queryParam("bucket");
      Bucket bucket = b == null ? Bucket.HOUR : switch (b) {
        case "hour" -> Bucket.HOUR;
        case "day" -> Bucket.DAY;
        default -> throw KongException.invalidOption("bucket", "expected one of: hour, day");
      };
      long now = clock.millis();
      CallFilter asked = AnalyticsApi.filter(req).forConsumer(app.consumerId());
      long to = asked.to() != null ? asked.to() : now + 1;
      long from = asked.from() != null ? asked.from() : to - (bucket == Bucket.DAY ? 30 : 1) * 86_400_000L;
      long thisWeek = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)
          .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      ObjectNode body = Json.object();
      body.put("bucket", bucket == Bucket.DAY ? "day" : "hour").put("from", from).put("to", to);
      body.set("data", q.aggregates(asked.between(from, to), bucket, null, null));
      body.set("this_week", total(q, asked.between(thisWeek, thisWeek + WEEK_MS), thisWeek));
      body.set("last_week", total(q, asked.between(thisWeek - WEEK_MS, thisWeek), thisWeek - WEEK_MS));
      return AdminResponse.json(200, body);
    });
  }

  /** The range's one aggregate row (zeros when it has no calls), with where the week starts. */
  private static ObjectNode total(CallQueries q, CallFilter filter, long start) throws SQLException {
    ArrayNode rows = q.aggregates(filter, null, null, null);
    ObjectNode row = rows.isEmpty() ? Json.object() : (ObjectNode) rows.get(0);
    return Json.object().put("start", start).setAll(row);
  }

  private AdminResponse run(Query query) {
    if (queries == null) {
      return AdminResponse.message(501, "Usage is not available: the node's call log is off (analytics = off)");
    }
    try {
      return query.answer(queries);
    } catch (SQLException e) {
      return AdminResponse.message(500, "An unexpected error occurred");
    }
  }
}
