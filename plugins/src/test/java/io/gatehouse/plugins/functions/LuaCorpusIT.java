package io.gatehouse.plugins.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.plugins.testing.PluginGateway;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Real snippets (src/test/resources/functions-corpus, sources in its SOURCES.md), each configured on
 * a route of its own as Kong's config gives it (no {@code language}) and run end to end: the header
 * comments give the request and what Kong answers.
 */
class LuaCorpusIT {
  static final Path CORPUS = Path.of("src/test/resources/functions-corpus");
  static PluginGateway gw;
  static List<SnippetCorpus.Snippet> snippets;

  @BeforeAll
  static void start() throws IOException {
    gw = LuaGateways.start(Map.of("untrusted_lua_sandbox_requires", "cjson, cjson.safe"));
    snippets = SnippetCorpus.load(gw, CORPUS, ".lua", "--", "c", null);
    gw.apply();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @TestFactory
  Stream<DynamicTest> every_snippet_has_the_effect_kong_gives() {
    assertThat(snippets).hasSizeGreaterThanOrEqualTo(40);
    return snippets.stream().map(s -> DynamicTest.dynamicTest(s.name(), () -> SnippetCorpus.run(gw, s)));
  }
}
