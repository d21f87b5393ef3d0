package io.gatehouse.plugins.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.plugins.testing.PluginGateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * JavaScript equivalents of Lua corpus snippets (src/test/resources/functions-corpus-js: each file
 * has the number, request and expectations of the Lua snippet it translates) with
 * {@code language: javascript}: the same PDK calls must have the same effect.
 */
class JsCorpusIT {
  static final Path CORPUS = Path.of("src/test/resources/functions-corpus-js");
  static PluginGateway gw;
  static List<SnippetCorpus.Snippet> snippets;

  @BeforeAll
  static void start() throws IOException {
    gw = LuaGateways.start(Map.of());
    snippets = SnippetCorpus.load(gw, CORPUS, ".js", "//", "j", "javascript");
    gw.apply();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  /** A JavaScript file expects exactly what its Lua twin expects: same request, same answer. */
  @TestFactory
  Stream<DynamicTest> every_snippet_expects_what_its_lua_twin_expects() {
    return snippets.stream().map(s -> DynamicTest.dynamicTest(s.name(), () -> {
      String twin = s.one("twin", null);
      assertThat(twin).as(s.name() + " names its Lua twin").isNotNull();
      String lua = Files.readString(LuaCorpusIT.CORPUS.resolve(twin));
      assertThat(expectations(s.source(), "//")).as(s.name()).isEqualTo(expectations(lua, "--")).isNotEmpty();
    }));
  }

  /** The directives that say what is sent and answered (not where the snippet comes from). */
  private static List<String> expectations(String source, String comment) {
    return source.lines().filter(l -> l.startsWith(comment + " ")).map(l -> l.substring(comment.length() + 1))
        .filter(l -> l.matches("(request|header|body|phase|plugin|expect-[a-z-]+): .*")).toList();
  }

  @TestFactory
  Stream<DynamicTest> every_snippet_has_the_effect_of_its_lua_twin() {
    assertThat(snippets).hasSizeGreaterThanOrEqualTo(12);
    return snippets.stream().map(s -> DynamicTest.dynamicTest(s.name(), () -> SnippetCorpus.run(gw, s)));
  }
}
