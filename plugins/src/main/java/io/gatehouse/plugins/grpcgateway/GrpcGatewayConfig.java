package io.gatehouse.plugins.grpcgateway;

import org.jspecify.annotations.Nullable;

/**
 * grpc-gateway's config (Kong 3.9 {@code kong/plugins/grpc-gateway/schema.lua}).
 *
 * @param proto the {@code .proto} file describing the service and its {@code google.api.http} rules
 */
public record GrpcGatewayConfig(@Nullable String proto) {}
