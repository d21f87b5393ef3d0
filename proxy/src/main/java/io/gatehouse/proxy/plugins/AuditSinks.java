package io.gatehouse.proxy.plugins;

import io.gatehouse.core.model.PluginInstance;
import java.util.Set;

/**
 * Which plugin instances receive the Admin API audit log instead of proxy traffic: an enabled
 * instance of one of the bundled log sinks that carries the tag {@link #TAG}. Such an instance is
 * bound with its snapshot like any other (a bad config still rejects the snapshot) but is left out
 * of every plugin chain. Instances of other plugins ignore the tag, so tagging an authentication
 * plugin by mistake never turns it off.
 */
public final class AuditSinks {
  /** The tag that turns a logging plugin instance into an audit log sink. */
  public static final String TAG = "audit-log";

  /** The plugins whose instances may be audit sinks: those whose sinks take any JSON entry. */
  public static final Set<String> PLUGINS = Set.of("http-log", "tcp-log", "udp-log", "file-log", "syslog");

  /**
   * One audit sink of the active snapshot.
   *
   * @param id the plugin instance's id
   * @param name the plugin's name
   * @param plugin the SDK plugin object
   * @param config the instance's prepared config, as the plugin's phases would receive it
   * @param wsId the instance's workspace: a sink outside the default one gets only its workspace's records
   */
  public record Sink(String id, String name, Object plugin, Object config, String wsId) {
    /** Whether a record of workspace {@code recordWsId} goes to this sink (the default workspace's sinks get all). */
    public boolean receives(String recordWsId) {
      return wsId.equals(io.gatehouse.core.entity.EntityWorkspace.DEFAULT_ID) || wsId.equals(recordWsId);
    }
  }

  private AuditSinks() {}

  /** Whether this instance is an audit sink rather than part of the proxy's plugin chains. */
  public static boolean isAuditSink(PluginInstance instance) {
    return instance.tags().contains(TAG) && PLUGINS.contains(instance.name());
  }
}
