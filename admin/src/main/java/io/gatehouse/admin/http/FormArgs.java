package io.gatehouse.admin.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kong's nested-key rules for form and query arguments: {@code a.b=}, {@code a[]=}, {@code a[1]=},
 * {@code a[key]=}, repeated keys become arrays, an empty value is null.
 */
public final class FormArgs {
  private FormArgs() {}

  private sealed interface Token permits Name, Append, Index {}

  private record Name(String name) implements Token {}

  private record Append() implements Token {}

  private record Index(int index) implements Token {}

  public static ObjectNode nest(List<Map.Entry<String, String>> pairs) {
    ObjectNode root = Json.object();
    for (Map.Entry<String, String> p : pairs) {
      List<Token> path = parse(p.getKey());
      JsonNode value = p.getValue().isEmpty() ? Json.NODES.nullNode() : Json.NODES.textNode(p.getValue());
      put(root, path, value);
    }
    return root;
  }

  static List<Token> parse(String key) {
    List<Token> tokens = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int i = 0;
    while (i < key.length()) {
      char c = key.charAt(i);
      if (c == '.') {
        flush(tokens, cur);
        i++;
      } else if (c == '[') {
        int close = key.indexOf(']', i);
        if (close < 0) {
          cur.append(key, i, key.length());
          break;
        }
        flush(tokens, cur);
        String inner = key.substring(i + 1, close);
        if (inner.isEmpty()) {
          tokens.add(new Append());
        } else if (inner.matches("\\d{1,6}")) {
          tokens.add(new Index(Integer.parseInt(inner)));
        } else {
          tokens.add(new Name(inner));
        }
        i = close + 1;
      } else {
        cur.append(c);
        i++;
      }
    }
    flush(tokens, cur);
    return tokens;
  }

  private static void flush(List<Token> tokens, StringBuilder cur) {
    if (cur.length() > 0) {
      tokens.add(new Name(cur.toString()));
      cur.setLength(0);
    }
  }

  private static void put(JsonNode container, List<Token> path, JsonNode value) {
    if (path.isEmpty()) {
      return;
    }
    Token head = path.get(0);
    boolean last = path.size() == 1;
    if (container instanceof ObjectNode obj && head instanceof Name n) {
      JsonNode existing = obj.get(n.name());
      if (last) {
        if (existing == null) {
          obj.set(n.name(), value);
        } else if (existing instanceof ArrayNode arr) {
          arr.add(value);
        } else {
          obj.set(n.name(), Json.array().add(existing).add(value));
        }
        return;
      }
      Token next = path.get(1);
      JsonNode child = existing;
      if (child == null || !child.isContainerNode()) {
        child = next instanceof Name ? Json.object() : Json.array();
        obj.set(n.name(), child);
      }
      put(child, path.subList(1, path.size()), value);
    } else if (container instanceof ArrayNode arr) {
      int idx = head instanceof Index ix ? ix.index() - 1 : arr.size();
      if (idx < 0) {
        return;
      }
      while (arr.size() <= idx) {
        arr.addNull();
      }
      if (last) {
        arr.set(idx, value);
        return;
      }
      JsonNode child = arr.get(idx);
      if (child == null || !child.isContainerNode()) {
        child = path.get(1) instanceof Name ? Json.object() : Json.array();
        arr.set(idx, child);
      }
      put(child, path.subList(1, path.size()), value);
    } else if (container instanceof ObjectNode obj) {
      // "[]" or "[1]" applied to an object position: treat the index as a key
      String key = head instanceof Index ix ? String.valueOf(ix.index()) : String.valueOf(obj.size() + 1);
      put(obj, prepend(new Name(key), path.subList(1, path.size())), value);
    }
  }

  private static List<Token> prepend(Token t, List<Token> rest) {
    List<Token> l = new ArrayList<>();
    l.add(t);
    l.addAll(rest);
    return l;
  }
}
