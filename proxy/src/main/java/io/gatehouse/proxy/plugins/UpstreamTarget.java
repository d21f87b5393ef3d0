package io.gatehouse.proxy.plugins;

/**
 * An origin a plugin chose for the request ({@link io.gatehouse.sdk.Upstream#setTarget}, Kong's
 * {@code kong.service.set_target} plus {@code set_scheme}).
 *
 * @param tls whether it speaks https
 * @param host a host name or IP address, resolved by DNS
 * @param port its port
 */
public record UpstreamTarget(boolean tls, String host, int port) {}
