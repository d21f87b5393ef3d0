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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A directory of snippets, one per file, whose header comments ({@code -- key: value} in Lua,
 * {@code // key: value} in JavaScript) give the request and what Kong answers; each is configured on
 * a route of its own and checked end to end through a real gateway.
 */
final class SnippetCorpus {
  /** One corpus file: its directives and its source. */
  record Snippet(String name, String source, List<String[]> directives, String route) {
    String one(String key, String fallback) {
      return directives.stream().filter(d -> d[0].equals(key)).map(d -> d[1]).findFirst().orElse(fallback);
    }

    Stream<String> all(String key) {
      return directives.stream().filter(d -> d[0].equals(key)).map(d -> d[1]);
    }
  }

  private SnippetCorpus() {}

  /**
   * Reads every {@code *.ext} file of {@code dir} and configures it on {@code /<prefix><NN>} (NN: the
   * file's two-digit number), in {@code language} (null: Kong's config, without the field).
   */
  static List<Snippet> load(PluginGateway gw, Path dir, String ext, String comment, String prefix, String language)
      throws IOException {
    Pattern directive = Pattern.compile("^" + Pattern.quote(comment) + " ([a-z-]+): (.*)$");
    List<Snippet> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(ext)).sorted().toList()) {
        String source = Files.readString(f);
        List<String[]> directives = new ArrayList<>();
        for (String line : source.lines().toList()) {
          var m = directive.matcher(line);
          if (m.matches()) {
            directives.add(new String[] {m.group(1), m.group(2)});
          }
        }
        String name = f.getFileName().toString();
        Snippet s = new Snippet(name, source, directives, "/" + prefix + name.substring(0, 2));
        out.add(s);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(s.one("phase", "access"), List.of(source));
        if (language != null) {
          config.put("language", language);
        }
        gw.plugin(s.one("plugin", "pre-function"), Json.MAPPER.writeValueAsString(config),
            ref("route", gw.serviceAndRoute(s.route())));
      }
    }
    return out;
  }

  /** Sends the snippet's request and checks status, body, headers and what reached the upstream. */
  static void run(PluginGateway gw, Snippet s) {
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
