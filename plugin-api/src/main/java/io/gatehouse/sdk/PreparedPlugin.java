package io.gatehouse.sdk;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * A plugin whose handlers use a prepared form {@code P} of its config record {@code C}: {@link
 * #prepare} runs once per plugin instance when a configuration snapshot is built, never per request.
 * Most plugins implement {@link Plugin}, where {@code P} is the record itself. Register it in
 * {@code META-INF/services/io.gatehouse.sdk.PreparedPlugin} (a {@link Plugin} in
 * {@code META-INF/services/io.gatehouse.sdk.Plugin}).
 *
 * @param <C> the config record, from which the Kong schema is derived (see {@link Plugin})
 * @param <P> what the phases receive
 */
public interface PreparedPlugin<C extends Record, P> {

  /**
   * Turns a validated, defaulted config into what the phases use. Runs once per plugin instance
   * when a snapshot is built. Override exactly one of the three {@code prepare} methods: this one,
   * {@link #prepare(Record, Snapshot)} or {@link #prepare(Record, Instance)}; the gateway calls the
   * one overridden (a plugin overriding both of the latter is refused at load).
   *
   * @throws IllegalArgumentException when the config cannot be used; the snapshot is rejected
   */
  default P prepare(C config) {
    throw new IllegalStateException(getClass().getName() + " overrides none of the prepare methods");
  }

  /**
   * {@link #prepare(Record)} knowing the snapshot: override this one instead when the phases need
   * the snapshot's rows or consumers. Per-snapshot indexes shared by all instances come from
   * {@link Snapshot#shared} (built once per config version, key-auth's key index).
   *
   * @throws IllegalArgumentException when the config cannot be used; the snapshot is rejected
   */
  default P prepare(C config, Snapshot snapshot) {
    return prepare(config);
  }

  /** The plugin-owned entity types ({@link Entity} records); none by default. */
  default List<Class<? extends Record>> entities() {
    return List.of();
  }

  /**
   * Entity-level checks of the config record or of a nested or {@link Entity} record
   * ({@code type}); {@link EntityChecks#NONE} by default.
   */
  default EntityChecks checks(Class<? extends Record> type) {
    return EntityChecks.NONE;
  }

  /**
   * Kong's {@code rewrite} phase: before routing is final, for global instances only. Change the
   * upstream request or answer early with {@link RewritePhase#exit}.
   */
  default void rewrite(RewritePhase ctx, P config) {}

  /**
   * Kong's {@code access} phase: after routing, before the upstream is contacted. Authenticate,
   * change the upstream request, or answer with {@link RewritePhase#exit}/{@link RewritePhase#error}
   * and return (later access handlers are skipped). An exception answers {@code 500}.
   */
  default void access(AccessPhase ctx, P config) {}

  /**
   * The access phase of a plugin that waits on I/O or slow work (a password hash on another
   * thread); override it instead of {@link #access}. Return null when nothing needs waiting (the
   * request continues at once); otherwise the request pauses until the stage completes and
   * {@link #resume} runs on the request's own event loop with its result. Touch {@code ctx} only
   * here and in {@code resume}, never from the thread completing the stage. A stage that completes
   * exceptionally answers 500.
   */
  default @Nullable CompletionStage<?> accessAsync(AccessPhase ctx, P config) {
    return null;
  }

  /** Runs on the request's event loop once {@link #accessAsync}'s stage completed normally. */
  default void resume(AccessPhase ctx, P config, @Nullable Object result) {}

  /**
   * Kong's {@code header_filter} phase: the response status and headers before they are sent, for
   * upstream responses and for responses the gateway or a plugin generated.
   */
  default void headerFilter(HeaderPhase ctx, P config) {}

  // --- body, log, instance, node services, admin endpoints (SDK 1.0 phase 2B) ---

  /**
   * Turns the config of one instance into what the phases use, knowing where the instance is
   * attached (its id, route, service, consumer); override it instead of {@link #prepare(Record)}
   * when the phases need that (rate-limiting's counter keys). The default ignores the instance.
   *
   * @throws IllegalArgumentException when the config cannot be used; the snapshot is rejected
   */
  default P prepare(C config, Instance instance) {
    return prepare(config);
  }

  /**
   * Asked right before this plugin's {@link #access} runs (only when it overrides this method):
   * {@code true} reads the whole body into memory first (up to the gateway's limit; more answers
   * {@code 413}) and {@link AccessPhase#requestBody()} returns it. Bodies stream untouched unless
   * some plugin says yes, so answer {@code false} whenever the body is irrelevant.
   */
  default boolean needsRequestBody(Request request, P config) {
    return false;
  }

  /**
   * Asked once per response, after every header filter ran, when the plugin overrides {@link
   * #bodyFilter}: whether this response's chunks pass through it. Answer {@code false} for
   * responses the plugin leaves alone so they stream without copies. A filter that changes the
   * body's size removes {@code Content-Length} in its {@link #headerFilter}.
   */
  default boolean filtersBody(HeaderPhase ctx, P config) {
    return true;
  }

  /**
   * Kong's {@code body_filter} phase: each chunk of the response body on its way to the client.
   * A plugin that does not override it costs nothing; one that does costs a copy of each chunk of
   * the responses {@link #filtersBody} accepts.
   *
   * @param chunk the bytes of this chunk (valid during this call only)
   * @param last whether this is the final chunk
   * @return the bytes to send instead ({@code chunk} itself, other bytes, or empty)
   */
  default byte[] bodyFilter(BodyPhase ctx, P config, byte[] chunk, boolean last) {
    return chunk;
  }

  /** Kong's {@code log} phase: after the response was sent, for every request. Must not block. */
  default void log(LogPhase ctx, P config) {}

  /** Called once when the node starts, before any snapshot, with what the node offers. */
  default void start(NodeServices services) {}

  /**
   * The configuration {@code prepared} came from no longer takes new requests: a newer one
   * replaced it, or it failed to build. Release what {@link #prepare} acquired for it (an exporter,
   * a connection); requests that started under it may still be finishing. Called once per prepared
   * value, off the event loop; the default does nothing.
   */
  default void retire(P prepared) {}

  /**
   * Kong's shorthand fields of the config that only rename a field, by alias
   * ({@code endpoint} → {@code traces_endpoint}): the alias is accepted on input and written to
   * its target; it is never stored, and the plugin's schema lists it under
   * {@code shorthand_fields}. Use an ordered map when there are several. None by default.
   */
  default java.util.Map<String, ConfigAlias> configAliases() {
    return java.util.Map.of();
  }

  /**
   * Whether TLS listeners ask clients for a certificate while an instance of this plugin is enabled
   * anywhere (Kong asks in every handshake then, since the route is not known yet); the plugin
   * verifies {@link Request#clientCertificates()} itself (mtls-auth). {@code false} by default.
   */
  default boolean asksClientCertificate() {
    return false;
  }

  /**
   * What this plugin keeps under Kong's node-cache keys (ldap-auth's verdicts), for the Admin API's
   * {@code /cache} endpoints; {@link CachedEntries#NONE} by default.
   */
  default CachedEntries cachedEntries() {
    return CachedEntries.NONE;
  }

  /**
   * The CAs whose names a TLS listener's CertificateRequest lists while this instance is enabled
   * (mtls-auth's {@code send_ca_dn}; OpenSSL's client CA list), so that clients offer a certificate
   * one of them issued. Asked only of a plugin that {@link #asksClientCertificate asks for
   * certificates}, once per instance when a snapshot is built; the names of all enabled instances
   * go into every handshake (the route is not known yet). None by default.
   */
  default List<X509Certificate> clientCertificateAuthorities(P prepared) {
    return List.of();
  }

  /**
   * The highest rate at which this instance keeps, for a trace it starts itself, the spans the node
   * records ({@link LogPhase#tracedSpans}): the node records them only for requests whose
   * {@link Phase#drawnTraceId} some instance of the snapshot could sample (or that carry an
   * incoming trace context), so unsampled requests cost nothing. 0, the default, for a plugin that
   * never reads them.
   */
  default double tracedSpansSamplingRate(P prepared) {
    return 0;
  }

  /** Admin API endpoints this plugin adds (proxy-cache's purges); none by default. */
  default List<AdminEndpoint> adminEndpoints() {
    return List.of();
  }

  /**
   * Status API endpoints this plugin adds (Kong's {@code kong/plugins/<name>/status_api.lua}, e.g.
   * prometheus's {@code GET /metrics}), served on {@code status_listen}; none by default.
   */
  default List<AdminEndpoint> statusEndpoints() {
    return List.of();
  }
}
