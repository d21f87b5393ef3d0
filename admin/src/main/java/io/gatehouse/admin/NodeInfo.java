package io.gatehouse.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.proxy.status.ServerCounters;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What the Admin and status APIs report about this node.
 *
 * @param configuration the effective settings with secrets redacted (for {@code GET /})
 * @param activeVersion the config version the data plane currently serves
 * @param lastBuildError why the newest config could not be applied, or null
 * @param serverCounters the proxy's connection counters: Kong's {@code server} block of {@code GET /status}
 * @param configurationSource where the served configuration came from ({@code database},
 *     {@code last_good_file}), or null to leave it out of {@code /status}
 * @param analytics the call-log store's counters ({@code analytics} in {@code /status}), or null when off
 */
public record NodeInfo(
    String nodeId,
    String hostname,
    ObjectNode configuration,
    LongSupplier activeVersion,
    Supplier<@Nullable String> lastBuildError,
    Supplier<ServerCounters> serverCounters,
    Supplier<@Nullable String> configurationSource,
    Supplier<@Nullable ObjectNode> analytics) {

  /** Without analytics. */
  public NodeInfo(String nodeId, String hostname, ObjectNode configuration, LongSupplier activeVersion,
      Supplier<@Nullable String> lastBuildError, Supplier<ServerCounters> serverCounters,
      Supplier<@Nullable String> configurationSource) {
    this(nodeId, hostname, configuration, activeVersion, lastBuildError, serverCounters, configurationSource, () -> null);
  }

  /** Without a configuration source. */
  public NodeInfo(String nodeId, String hostname, ObjectNode configuration, LongSupplier activeVersion,
      Supplier<@Nullable String> lastBuildError, Supplier<ServerCounters> serverCounters) {
    this(nodeId, hostname, configuration, activeVersion, lastBuildError, serverCounters, () -> null);
  }
}
