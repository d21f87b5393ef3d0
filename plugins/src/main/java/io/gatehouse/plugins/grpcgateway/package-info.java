/**
 * Kong's {@code grpc-gateway} plugin: REST/JSON clients in front of a gRPC service, through the
 * {@code google.api.http} rules of a {@code .proto} file. Start at {@link
 * io.gatehouse.plugins.grpcgateway.GrpcGatewayPlugin}.
 */
@NullMarked
package io.gatehouse.plugins.grpcgateway;

import org.jspecify.annotations.NullMarked;
