package io.gatehouse.proxy.plugins;

/**
 * A configured plugin instance with its config bound to the plugin's record.
 *
 * @param id the {@code plugins} entity id (named in logs)
 */
record BoundInstance(BoundPlugin plugin, Object config, String id) {}
