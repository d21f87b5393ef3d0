package io.gatehouse.plugin;

/** The old name of {@link io.gatehouse.sdk.ResponseHeaders}; removed once every plugin uses {@code io.gatehouse.sdk}. */
public interface ResponseHeaders extends io.gatehouse.sdk.ResponseHeaders {}
