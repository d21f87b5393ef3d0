package io.gatehouse.plugins.session;

import io.gatehouse.sdk.Auto;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.OneOf;
import io.gatehouse.sdk.Referenceable;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * session's config: Kong 3.9's fields and defaults ({@code kong/plugins/session/schema.lua}).
 * Timeouts are seconds (Kong {@code number}); 0 turns a timeout off. {@code secret} is generated
 * when absent, as Kong's random default is.
 */
public record SessionConfig(
    @Auto @Referenceable @Nullable String secret,
    @Default("cookie") @OneOf({"cookie", "kong"}) String storage,
    @Default("default") String audience,
    @Default("900") double idlingTimeout,
    @Default("3600") double rollingTimeout,
    @Default("86400") double absoluteTimeout,
    @Default("10") double staleTtl,
    @Default("session") String cookieName,
    @Default("/") String cookiePath,
    @Nullable String cookieDomain,
    @Default("Strict") @OneOf({"Strict", "Lax", "None", "Default"}) String cookieSameSite,
    @Default("true") boolean cookieHttpOnly,
    @Default("true") boolean cookieSecure,
    @Default("false") boolean remember,
    @Default("remember") String rememberCookieName,
    @Default("604800") double rememberRollingTimeout,
    @Default("2592000") double rememberAbsoluteTimeout,
    @Nullable Set<@OneOf({"id", "audience", "subject", "timeout", "idling-timeout", "rolling-timeout",
        "absolute-timeout"}) String> responseHeaders,
    @Nullable Set<@OneOf({"id", "audience", "subject", "timeout", "idling-timeout", "rolling-timeout",
        "absolute-timeout"}) String> requestHeaders,
    @Default("false") boolean readBodyForLogout,
    @Default({"POST", "DELETE"}) Set<@OneOf({"GET", "POST", "DELETE"}) String> logoutMethods,
    @Default("session_logout") String logoutQueryArg,
    @Default("session_logout") String logoutPostArg) {}
