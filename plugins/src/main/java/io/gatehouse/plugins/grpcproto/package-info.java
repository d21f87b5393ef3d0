/**
 * What Kong's {@code kong/tools/grpc.lua} gives its grpc-gateway and grpc-web plugins: a {@code .proto}
 * file read into protobuf descriptors ({@link io.gatehouse.plugins.grpcproto.ProtoFiles}, parsed by
 * Square's wire-schema, the well-known types and {@code google/api/annotations.proto} found on the
 * classpath), JSON to and from protobuf messages in Kong's shape ({@link
 * io.gatehouse.plugins.grpcproto.MessageJson}), and gRPC's length-prefixed framing ({@link
 * io.gatehouse.plugins.grpcproto.GrpcFrames}).
 */
@NullMarked
package io.gatehouse.plugins.grpcproto;

import org.jspecify.annotations.NullMarked;
