package io.gatehouse.plugins.azurefunctions;

import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.Referenceable;
import org.jspecify.annotations.Nullable;

/**
 * Kong 3.9's azure-functions config. Beyond Kong: {@code hostdomain} may end with {@code :port}
 * (Kong always connects to 443, or 80 without {@code https}).
 */
public record AzureFunctionsConfig(
    @Nullable @Default("600000") Double timeout,
    @Nullable @Default("60000") Double keepalive,
    @Nullable @Default("true") Boolean https,
    @Nullable @Default("false") Boolean httpsVerify,
    @Nullable @Referenceable String apikey,
    @Nullable @Referenceable String clientid,
    String appname,
    @Default("azurewebsites.net") String hostdomain,
    @Nullable @Default("api") String routeprefix,
    String functionname) {}
