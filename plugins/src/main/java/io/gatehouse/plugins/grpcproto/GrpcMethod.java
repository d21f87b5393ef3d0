package io.gatehouse.plugins.grpcproto;

import com.google.api.HttpRule;
import com.google.protobuf.Descriptors.Descriptor;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One rpc of a {@code .proto} file.
 *
 * @param path the gRPC request path, {@code /package.Service/Method}
 * @param input the request message type
 * @param output the response message type
 * @param http the method's {@code google.api.http} option, or null when it has none
 */
public record GrpcMethod(String path, Descriptor input, Descriptor output, @Nullable HttpRule http) {
  /** The rule and its {@code additional_bindings} (one level, as Kong reads them); empty without the option. */
  public List<HttpRule> bindings() {
    if (http == null) return List.of();
    List<HttpRule> all = new java.util.ArrayList<>(1 + http.getAdditionalBindingsCount());
    all.add(http);
    all.addAll(http.getAdditionalBindingsList());
    return all;
  }
}
