package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.app.settings.Settings;
import io.gatehouse.app.settings.SettingsLoader;
import io.gatehouse.store.postgres.PostgresSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code analytics_store} and the {@code analytics_pg_*} overrides of the call log's database. */
class AnalyticsSettingsTest {
  @TempDir Path prefix;

  private Settings load(Map<String, String> conf) {
    return new SettingsLoader(Map.of(), List.of(), prefix).load(null, conf);
  }

  @Test
  void theCallLogUsesTheClusterDatabaseUnlessAnAnalyticsPgSettingOverridesIt() {
    Map<String, String> cluster = Map.of("pg_host", "db.internal", "pg_port", "6432", "pg_database", "kong",
        "pg_user", "kong", "pg_password", "s3cret", "pg_timeout", "2000");
    PostgresSettings same = GatehouseWiring.analyticsPostgres(load(cluster));
    assertThat(same).isEqualTo(GatehouseWiring.postgresSettings(load(cluster)));

    Map<String, String> overridden = new java.util.HashMap<>(cluster);
    overridden.putAll(Map.of("analytics_pg_host", "calls.internal", "analytics_pg_database", "calls",
        "analytics_pg_password", "other", "analytics_pg_schema", "analytics"));
    Settings s = load(overridden);
    PostgresSettings calls = GatehouseWiring.analyticsPostgres(s);
    assertThat(calls.host()).isEqualTo("calls.internal");
    assertThat(calls.database()).isEqualTo("calls");
    assertThat(calls.password()).isEqualTo("other");
    assertThat(calls.schema()).isEqualTo("analytics");
    assertThat(calls.port()).as("inherited").isEqualTo(6432);
    assertThat(calls.user()).as("inherited").isEqualTo("kong");
    assertThat(calls.timeout().toMillis()).as("inherited").isEqualTo(2000);
    assertThat(s.redacted().get("analytics_pg_password")).as("a secret").isNotEqualTo("other");
  }

  @Test
  void analyticsStoreIsLocalByDefaultAndTakesOnlyLocalOrPostgres() {
    assertThat(load(Map.of()).string("analytics_store")).isEqualTo("local");
    assertThat(load(Map.of("analytics_store", "postgres")).string("analytics_store")).isEqualTo("postgres");
    assertThatThrownBy(() -> load(Map.of("analytics_store", "mysql"))).hasMessageContaining("analytics_store");
  }
}
