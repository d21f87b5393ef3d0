package io.gatehouse.plugin;

/** The old name of {@link io.gatehouse.sdk.Request}; removed once every plugin uses {@code io.gatehouse.sdk}. */
public interface ClientRequest extends io.gatehouse.sdk.Request {}
