package io.gatehouse.plugins.grpcgateway;

import com.google.api.HttpRule;
import io.gatehouse.plugins.grpcproto.GrpcMethod;
import io.gatehouse.plugins.grpcproto.ProtoSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP binding of an rpc: the method (lower case) and path template of a {@code google.api.http}
 * rule or one of its {@code additional_bindings}, and its {@code body} (null: none; {@code *}: the
 * whole body is the message).
 */
record Endpoint(String httpMethod, PathTemplate template, GrpcMethod rpc, @Nullable String body) {

  /** Every binding of every rpc, in file order (the first that matches a request wins, as Kong). */
  static List<Endpoint> of(ProtoSchema schema) {
    List<Endpoint> out = new ArrayList<>();
    for (GrpcMethod m : schema.methods()) {
      for (HttpRule rule : m.bindings()) {
        String body = rule.getBody().isEmpty() ? null : rule.getBody();
        String path = switch (rule.getPatternCase()) {
          case GET -> rule.getGet();
          case POST -> rule.getPost();
          case PUT -> rule.getPut();
          case PATCH -> rule.getPatch();
          case DELETE -> rule.getDelete();
          default -> null; // custom: Kong knows get, post, put, patch, delete only
        };
        if (path == null) continue;
        out.add(new Endpoint(rule.getPatternCase().name().toLowerCase(Locale.ROOT), PathTemplate.compile(path), m, body));
      }
    }
    return out;
  }
}
