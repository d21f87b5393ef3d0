/**
 * The Manager, Gatehouse's admin web UI: static ES modules (Vue 3 from WebJars, no bundler, no Node
 * toolchain) served from memory on {@code admin_gui_listen} by {@link io.gatehouse.manager.ManagerServer}.
 * The UI talks only to the Admin API, through one client ({@code api.js}).
 */
@NullMarked
package io.gatehouse.manager;

import org.jspecify.annotations.NullMarked;
