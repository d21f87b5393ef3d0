package io.gatehouse.core.declarative;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.schema.EntityProcessor;
import io.gatehouse.testsupport.fuzz.Choices;
import io.gatehouse.testsupport.fuzz.FuzzRun;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Random and mutated declarative files (YAML and JSON, from {@link DeclarativeDocuments}) give
 * either a config or a {@link DeclarativeConfigException} that renders as a Kong error — never
 * another exception, never a hang (each try has a timeout). Bounded in the suite; longer runs and
 * Jazzer with the commands in docs/testing.md.
 */
class DeclarativeFuzzTest {
  private static final DeclarativeLoader LOADER = new DeclarativeLoader(TestSchemas.registry(),
      new EntityProcessor(Clock.systemUTC()), new VaultReferences(Map.of("KEY", "v")::get));

  @Test
  void anyFileGivesAConfigOrAKongShapedError() {
    int tries = FuzzRun.run("declarative-parser", 3000, Duration.ofSeconds(10), DeclarativeFuzzTest::check);
    assertThat(tries).isPositive();
  }

  /** Found by the fuzz run: a ClassCastException while rendering, when an entity and its nested child both had errors. */
  @Test
  void anEntityAndItsNestedChildBothInvalidRenderAsOneKongError() {
    DeclarativeConfigException e = org.assertj.core.api.Assertions.catchThrowableOfType(DeclarativeConfigException.class,
        () -> LOADER.load("""
            _format_version: "3.0"
            services:
            - name: s
              port: x
              routes:
              - paths: 5
            """, "kong.yml"));
    assertThat(e).isNotNull();
    String nested = e.toKong(false).toJson().toString();
    assertThat(nested).contains("port").contains("paths");
    assertThat(e.toKong(true).toJson().toString()).contains("port").contains("paths");
  }

  /** Jazzer's coverage-guided entry point, run only on request (JAZZER_FUZZ=1; docs/testing.md). */
  @FuzzTest(maxDuration = "10m")
  @EnabledIfEnvironmentVariable(named = "JAZZER_FUZZ", matches = ".+")
  void anyFileGivesAConfigOrAKongShapedError(FuzzedDataProvider data) {
    check(Choices.of(data));
  }

  private static void check(Choices c) {
    DeclarativeDocuments.Document d = DeclarativeDocuments.generate(c);
    try {
      DeclarativeConfig config = LOADER.load(d.text(), d.fileName());
      assertThat(config).isNotNull();
    } catch (DeclarativeConfigException e) {
      KongException kong = e.toKong(c.bool());
      assertThat(kong).as("the Kong error of %s", e).isNotNull();
    } catch (RuntimeException | StackOverflowError e) {
      throw new AssertionError("not a DeclarativeConfigException for " + d.fileName() + ":\n"
          + new String(d.text().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8), e);
    }
  }
}
