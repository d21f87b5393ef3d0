package io.gatehouse.plugins.oauth2;

import io.gatehouse.sdk.Snapshot;

/** One oauth2 instance's config with the snapshot's clients and consumers. */
record OAuth2Rules(OAuth2Config config, Clients clients, Snapshot snapshot) {

  /** {@code realm="…"} for challenges, with its leading space; empty without a realm. */
  String realm() {
    return config.realm() == null ? "" : " realm=\"" + config.realm() + "\"";
  }
}
