package io.gatehouse.plugins.prometheus;

import java.util.Objects;

/**
 * The label values of one recorded series: {@code (service, route, code, source, consumer, workspace)}, the
 * unused ones empty. An event loop reuses one mutable key to look its series up (no allocation);
 * only a series seen for the first time stores an immutable {@link #copy()}.
 */
final class SeriesKey {
  String service = "";
  String route = "";
  String consumer = "";
  /** The route's workspace name. */
  String workspace = "";
  int code;
  /** 0 none, 1 {@code service}, 2 {@code kong}. */
  int source;
  private int hash;

  SeriesKey set(String service, String route, int code, int source, String consumer, String workspace) {
    this.service = service;
    this.route = route;
    this.code = code;
    this.source = source;
    this.consumer = consumer;
    this.workspace = workspace;
    int h = service.hashCode();
    h = 31 * h + route.hashCode();
    h = 31 * h + code;
    h = 31 * h + source;
    h = 31 * h + consumer.hashCode();
    this.hash = 31 * h + workspace.hashCode();
    return this;
  }

  SeriesKey copy() {
    return new SeriesKey().set(service, route, code, source, consumer, workspace);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SeriesKey k && k.hash == hash && k.code == code && k.source == source
        && k.service.equals(service) && k.route.equals(route) && k.consumer.equals(consumer)
        && k.workspace.equals(workspace);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return Objects.toString(service) + "/" + route + "/" + code + "/" + source + "/" + consumer + "/" + workspace;
  }
}
