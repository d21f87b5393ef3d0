/** Kong's {@code grpc-web} plugin: gRPC-Web clients (binary and text) in front of a gRPC service. */
@NullMarked
package io.gatehouse.plugins.grpcweb;

import org.jspecify.annotations.NullMarked;
