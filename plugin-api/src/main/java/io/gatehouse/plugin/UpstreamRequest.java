package io.gatehouse.plugin;

/** The old name of {@link io.gatehouse.sdk.Upstream}; removed once every plugin uses {@code io.gatehouse.sdk}. */
public interface UpstreamRequest extends io.gatehouse.sdk.Upstream {}
