package io.gatehouse.plugins.grpcproto;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The rpcs of one {@code .proto} file (and the files it imports publicly), in file order. */
public final class ProtoSchema {
  private final List<GrpcMethod> methods;
  private final Map<String, GrpcMethod> byPath = new LinkedHashMap<>();

  ProtoSchema(List<GrpcMethod> methods) {
    this.methods = List.copyOf(methods);
    for (GrpcMethod m : methods) byPath.putIfAbsent(m.path(), m);
  }

  public List<GrpcMethod> methods() {
    return methods;
  }

  /** The rpc whose gRPC path is {@code /package.Service/Method}, or null. */
  public @Nullable GrpcMethod byPath(String path) {
    return byPath.get(path);
  }
}
