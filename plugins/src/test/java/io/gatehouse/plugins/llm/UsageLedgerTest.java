package io.gatehouse.plugins.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.json.Json;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The /ai/usage ledger: per-minute sums, trailing windows, 24-hour retention (injected clock). */
class UsageLedgerTest {
  private static final long T0 = 1_764_000_000_000L; // a minute boundary

  @Test
  void windows_sum_the_minutes_they_cover_and_old_minutes_are_dropped() {
    AtomicLong now = new AtomicLong(T0 + 5_000);
    UsageLedger ledger = new UsageLedger(now::get);
    UsageLedger.Key alice = new UsageLedger.Key("c1", "alice", "r1", "chat", "openai", "gpt-4o");
    UsageLedger.Key anon = new UsageLedger.Key(null, null, "r1", "chat", "anthropic", "claude");
    ledger.record(alice, new TokenUsage("openai", "gpt-4o", 10, 20, 0.5));
    now.set(T0 + 30 * 60_000); // half an hour later
    ledger.record(alice, new TokenUsage("openai", "gpt-4o", 1, 2, 0.25));
    ledger.record(anon, new TokenUsage("anthropic", "claude", 100, 100, 0));

    JsonNode minute = Json.MAPPER.valueToTree(ledger.report(UsageLedger.Window.MINUTE));
    assertThat(minute.at("/totals/requests").asLong()).isEqualTo(2);
    assertThat(minute.at("/data/0/provider").asText()).isEqualTo("anthropic"); // most tokens first
    assertThat(minute.at("/data/0/consumer").isNull()).isTrue();
    assertThat(minute.at("/data/1/total_tokens").asLong()).isEqualTo(3);

    JsonNode hour = Json.MAPPER.valueToTree(ledger.report(UsageLedger.Window.HOUR));
    JsonNode aliceRow = hour.at("/data/1");
    assertThat(aliceRow.at("/consumer/username").asText()).isEqualTo("alice");
    assertThat(aliceRow.at("/route/name").asText()).isEqualTo("chat");
    assertThat(aliceRow.get("requests").asLong()).isEqualTo(2);
    assertThat(aliceRow.get("prompt_tokens").asLong()).isEqualTo(11);
    assertThat(aliceRow.get("completion_tokens").asLong()).isEqualTo(22);
    assertThat(aliceRow.get("cost").asDouble()).isEqualTo(0.75);
    assertThat(hour.at("/totals/total_tokens").asLong()).isEqualTo(233);

    now.set(T0 + 25 * 3_600_000L); // a day later: the first two minutes are gone
    ledger.record(alice, new TokenUsage("openai", "gpt-4o", 0, 0, 0));
    JsonNode day = Json.MAPPER.valueToTree(ledger.report(UsageLedger.Window.DAY));
    assertThat(day.at("/totals/requests").asLong()).isEqualTo(1);
    assertThat(UsageLedger.Window.named("week")).isNull();
    assertThat(UsageLedger.Window.named("Day")).isEqualTo(UsageLedger.Window.DAY);
  }
}
