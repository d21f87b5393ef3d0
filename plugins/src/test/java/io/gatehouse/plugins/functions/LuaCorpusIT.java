package io.gatehouse.plugins.functions;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.PluginGateway;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Real snippets (src/test/resources/functions-corpus, sources in its SOURCES.md), each configured on
 * a route of its own and run end to end: the header comments give the request and what Kong answers.
 */
class LuaCorpusIT {
  static final Path CORPUS = Path.of("src/test/resources/functions-corpus");
  static PluginGateway gw;
  static List<Snippet> snippets = new ArrayList<>();

  /** One corpus file: its directives ({@code -- key: value}) and its source. */
  record Snippet(String name, String source, List<String[]> directives) {
    String one(String key, String fallback) {
      return directives.stream().filter(d -> d[0].equals(key)).map(d -> d[1]).findFirst().orElse(fallback);
    }

    Stream<String> all(String key) {
      return directives.stream().filter(d -> d[0].equals(key)).map(d -> d[1]);
    }

    String route() {
      return "/c" + name.substring(0, 2);
    }
  }

  @BeforeAll
  static void start() throws IOException {
    gw = LuaGateways.start(Map.of("untrusted_lua_sandbox_requires", "cjson, cjson.safe"));
    try (Stream<Path> files = Files.list(CORPUS)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".lua")).sorted().toList()) {
        String source = Files.readString(f);
        List<String[]> directives = new ArrayList<>();
        for (String line : source.lines().toList()) {
          var m = java.util.regex.Pattern.compile("^-- ([a-z-]+): (.*)$").matcher(line);
          if (m.matches()) {
            directives.add(new String[] {m.group(1), m.group(2)});
          }
        }
        Snippet s = new Snippet(f.getFileName().toString(), source, directives);
        snippets.add(s);
        String phase = s.one("phase", "access");
        String config = Json.MAPPER.writeValueAsString(Map.of(phase, List.of(source)));
        gw.plugin(s.one("plugin", "pre-function"), config, ref("route", gw.serviceAndRoute(s.route())));
      }
    }
    gw.apply();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @TestFactory
  Stream<DynamicTest> every_snippet_has_the_effect_kong_gives() {
    assertThat(snippets).hasSizeGreaterThanOrEqualTo(40);
    return snippets.stream().map(s -> DynamicTest.dynamicTest(s.name(), () -> run(s)));
  }

  private static void run(Snippet s) {
    String[] request = s.one("request", "GET /").split(" ", 2);
    String path = s.route() + (request[1].equals("/") ? "" : request[1].startsWith("/?") ? request[1].substring(1) : request[1]);
    String body = s.one("body", null);
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port() + path))
        .method(request[0], body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    s.all("header").forEach(h -> {
      String[] kv = h.split(": ", 2);
      b.header(kv[0], kv[1]);
    });
    HttpResponse<String> r = gw.send(b.build());
    assertThat(r.statusCode()).as(s.name() + " status, body " + r.body()).isEqualTo(Integer.parseInt(s.one("expect-status", "200")));
    s.all("expect-body").forEach(x -> assertThat(r.body()).as(s.name()).isEqualTo(x.replace("\\n", "\n")));
    s.all("expect-body-contains").forEach(x -> assertThat(r.body()).as(s.name()).contains(x));
    s.all("expect-body-matches").forEach(x -> assertThat(r.body()).as(s.name()).matches(x.replace("\\n", "\n")));
    s.all("expect-header").forEach(x -> {
      String[] kv = x.split(": ", 2);
      assertThat(r.headers().allValues(kv[0])).as(s.name() + " " + kv[0]).contains(kv[1]);
    });
    s.all("expect-header-absent").forEach(x -> assertThat(r.headers().firstValue(x)).as(s.name() + " " + x).isEmpty());
    s.all("expect-upstream").forEach(x -> {
      String[] kv = x.split(" = ", 2);
      JsonNode echoed = Json.parse(r.body()).at(kv[0]);
      if (kv[1].equals("<absent>")) {
        assertThat(echoed.isMissingNode()).as(s.name() + " " + kv[0]).isTrue();
      } else if (kv[1].endsWith("<nonempty>")) {
        assertThat(echoed.asText()).as(s.name()).startsWith(kv[1].replace("<nonempty>", "")).hasSizeGreaterThan(kv[1].length() - 10);
      } else {
        assertThat(echoed.asText()).as(s.name() + " " + kv[0]).isEqualTo(kv[1]);
      }
    });
  }
}
