package io.gatehouse.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Run in a child JVM by {@link LastGoodFileTest}: saves ever newer configurations of a few MB to
 * the file, printing {@code SAVED <version>} after each, until the parent kills it.
 */
public final class LastGoodWriterChild {
  private LastGoodWriterChild() {}

  public static void main(String[] args) throws Exception {
    LastGoodFile file = new LastGoodFile(Path.of(args[0]));
    for (long v = 1; ; v++) {
      file.save(v, LastGoodWriterChild.tables(v, 20_000));
      System.out.println("SAVED " + v);
      System.out.flush();
    }
  }

  /** {@code count} services, each naming the version, so a mix of two files would show. */
  static Map<String, List<ObjectNode>> tables(long version, int count) {
    List<ObjectNode> services = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ObjectNode s = Json.object();
      s.put("id", "00000000-0000-4000-8000-" + String.format("%012d", i));
      s.put("name", "v" + version + "-service-" + i);
      s.put("host", "upstream-" + i + ".test");
      s.put("port", 80);
      services.add(s);
    }
    return Map.of("services", services);
  }
}
