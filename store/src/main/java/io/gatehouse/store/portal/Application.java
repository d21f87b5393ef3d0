package io.gatehouse.store.portal;

/**
 * A developer's application; {@code consumerId} is the Kong consumer that stands for it at the proxy.
 */
public record Application(String id, String developerId, String name, String consumerId, long createdAt,
    long updatedAt) {}
