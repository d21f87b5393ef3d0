package io.gatehouse.plugins.grpcweb;

import io.gatehouse.sdk.Default;
import org.jspecify.annotations.Nullable;

/**
 * grpc-web's config (Kong 3.9 {@code kong/plugins/grpc-web/schema.lua}).
 *
 * @param proto a {@code .proto} file describing the service, needed for JSON transcoding
 * @param passStrippedPath send the route-stripped path upstream instead of the client's
 * @param allowOriginHeader the {@code Access-Control-Allow-Origin} of the answers
 */
public record GrpcWebConfig(
    @Nullable String proto,
    @Nullable Boolean passStrippedPath,
    @Default("*") @Nullable String allowOriginHeader) {}
