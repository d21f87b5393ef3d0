package io.gatehouse.plugins.openwhisk;

import io.gatehouse.sdk.Between;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.Host;
import io.gatehouse.sdk.OneOf;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The openwhisk config of Kong's plugin (schema.lua). Beyond its released version: {@code methods},
 * the request methods accepted (default {@code POST} only, which is the released behaviour; the
 * values are those of commits in its repository that never reached the main line).
 */
public record OpenWhiskConfig(
    @Nullable @Default("60000") Integer timeout,
    @Nullable @Default("60000") Integer keepalive,
    @Nullable String serviceToken,
    @Host String host,
    @Default("443") @Between(min = 0, max = 65535) int port,
    String path,
    String action,
    @Nullable @Default("true") Boolean https,
    @Nullable @Default("false") Boolean httpsVerify,
    @Nullable @Default("true") Boolean result,
    @Nullable @Default({"POST"}) List<@OneOf({"HEAD", "GET", "POST", "PATCH", "PUT"}) String> methods) {}
