package io.gatehouse.plugins.session;

import io.gatehouse.plugins.session.Session.Change;
import io.gatehouse.plugins.session.SessionCodec.Header;
import io.gatehouse.plugins.session.SessionCodec.Opened;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.Consumer;
import io.gatehouse.sdk.Credential;
import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.NodeServices;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.PreparedPlugin;
import io.gatehouse.sdk.Request;
import io.gatehouse.sdk.Scope;
import io.gatehouse.sdk.Snapshot;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * session (Kong 3.9, priority 1900): access opens the session cookie, logs out on request, and
 * authenticates its consumer, so later auth plugins with {@code anonymous} step aside;
 * header_filter saves a session for a request an auth plugin authenticated, and sends renewed,
 * touched or cleared cookies. Storage {@code cookie} keeps the encrypted data in the cookie,
 * {@code kong} in the node's plugin records.
 */
@PluginInfo(name = "session", priority = 1900, forbiddenScopes = Scope.CONSUMER)
public final class SessionPlugin implements PreparedPlugin<SessionConfig, SessionRules> {
  static final String SHARED_KEY = "authenticated_session";
  private static final Logger LOG = LoggerFactory.getLogger(SessionPlugin.class);
  private static final List<String> BODY_METHODS = List.of("DELETE", "PATCH", "POST", "PUT");

  private final LongSupplier clock;
  private volatile @Nullable SessionStore store;

  public SessionPlugin() {
    this(System::currentTimeMillis);
  }

  /** @param clock epoch millis deciding the timeouts (tests) */
  public SessionPlugin(LongSupplier clock) {
    this.clock = clock;
  }

  @Override
  public void start(NodeServices services) {
    services.pluginRecords().ifPresent(r -> store = new SessionStore(r));
  }

  @Override
  public SessionRules prepare(SessionConfig config, Snapshot snapshot) {
    return SessionRules.of(config, snapshot);
  }

  private long now() {
    return clock.getAsLong() / 1000;
  }

  @Override
  public boolean needsRequestBody(Request request, SessionRules rules) {
    String method = request.method();
    return rules.config().readBodyForLogout() && rules.config().logoutMethods().contains(method)
        && BODY_METHODS.contains(method) && CookieHeader.find(request, rules.config().cookieName()) != null;
  }

  /** A cookie that passed its MAC and timeouts, waiting for its data. */
  private record Candidate(Header header, boolean fromRemember, byte[] body) {}

  private @Nullable Candidate candidate(Request request, SessionRules rules, long now) {
    Candidate c = candidate(request, rules, rules.config().cookieName(), false, rules.session(), now);
    if (c == null && rules.config().remember()) {
      c = candidate(request, rules, rules.config().rememberCookieName(), true, rules.remember(), now);
    }
    return c;
  }

  private static @Nullable Candidate candidate(Request request, SessionRules rules, String name, boolean remember,
      SessionRules.Timeouts timeouts, long now) {
    String value = CookieHeader.find(request, name);
    Opened o = value == null ? null : rules.codec().open(value);
    if (o == null || o.header().flags() != rules.flags(remember) || !timeouts.valid(o.header(), now)) {
      return null;
    }
    return new Candidate(o.header(), remember, o.body());
  }

  @Override
  public @Nullable CompletionStage<?> accessAsync(AccessPhase ctx, SessionRules rules) {
    long now = now();
    Candidate c = candidate(ctx.request(), rules, now);
    if (c == null) {
      return null; // no session: nothing to do (Kong logs "session not present")
    }
    if (!rules.kongStorage()) {
      opened(ctx, rules, c, c.body(), now);
      return null;
    }
    SessionStore s = store;
    if (s == null) {
      LOG.warn("session: storage = kong but this node offers no plugin records");
      return null;
    }
    return s.load(c.header().id()).thenApply(data -> data.map(d -> (Object) new Loaded(c, d)).orElse(null));
  }

  private record Loaded(Candidate candidate, byte[] ciphertext) {}

  @Override
  public void resume(AccessPhase ctx, SessionRules rules, @Nullable Object result) {
    if (result instanceof Loaded l) {
      opened(ctx, rules, l.candidate(), l.ciphertext(), now());
    }
  }

  private void opened(AccessPhase ctx, SessionRules rules, Candidate c, byte[] ciphertext, long now) {
    byte[] plain = rules.codec().decrypt(c.header().id(), ciphertext);
    SessionData data = plain == null ? null : SessionData.of(plain);
    if (data == null || !data.audience().equals(rules.config().audience())) {
      return;
    }
    Session session = new Session(c.header(), data, c.fromRemember(), ciphertext, Change.NONE);
    if (Logout.requested(ctx, rules.config())) {
      ctx.shared().put(SHARED_KEY, session.with(Change.LOGOUT));
      forget(session);
      ctx.exit(200, null, Map.of());
      return;
    }
    Optional<Consumer> consumer = rules.snapshot().consumerById(data.consumerId());
    if (consumer.isEmpty()) { // Kong destroys sessions of deleted consumers
      ctx.shared().put(SHARED_KEY, session.with(Change.DESTROY));
      forget(session);
      return;
    }
    Change change = c.fromRemember() || rules.session().needsRenewal(c.header(), now) ? Change.RENEW
        : rules.session().needsTouch(c.header(), now) ? Change.TOUCH : Change.NONE;
    session = session.with(change);
    ctx.shared().put(SHARED_KEY, session);
    SessionHeaders.set(rules.requestHeaders(), rules, session, now, ctx.upstream()::setHeader);
    if (data.groups().isEmpty()) {
      ctx.upstream().removeHeader("X-Authenticated-Groups");
    } else {
      ctx.upstream().setHeader("X-Authenticated-Groups", String.join(", ", data.groups()));
      ctx.setAuthenticatedGroups(data.groups());
    }
    ctx.authenticate(consumer.get(), new Credential(data.credentialId(), data.consumerId(), data.credentialId()));
  }

  private void forget(Session session) {
    SessionStore s = store;
    if (s != null && session.header().has(SessionCodec.KONG_STORAGE)) {
      s.delete(session.header().id());
    }
  }

  @Override
  public void headerFilter(HeaderPhase ctx, SessionRules rules) {
    long now = now();
    Session session = ctx.shared().get(SHARED_KEY) instanceof Session s ? s : null;
    if (session != null && (session.change() == Change.LOGOUT || session.change() == Change.DESTROY)) {
      ctx.responseHeaders().add("Set-Cookie", rules.clearing(rules.config().cookieName()));
      if (rules.config().remember()) {
        ctx.responseHeaders().add("Set-Cookie", rules.clearing(rules.config().rememberCookieName()));
      }
      return;
    }
    Credential credential = ctx.credential();
    Consumer consumer = ctx.consumer();
    if (credential == null || consumer == null) {
      return; // no sessions for anonymous users
    }
    if (session != null && session.data().credentialId().equals(credential.id())
        && session.data().consumerId().equals(consumer.id())) {
      session = new SessionWriter(rules, store, ctx.responseHeaders(), now).refresh(session);
    } else {
      String subject = consumer.username() != null ? consumer.username()
          : consumer.customId() != null ? consumer.customId() : consumer.id();
      SessionData data = new SessionData(rules.config().audience(), subject, consumer.id(), credential.id(), List.of());
      session = new SessionWriter(rules, store, ctx.responseHeaders(), now).create(data);
    }
    if (session != null) {
      SessionHeaders.set(rules.responseHeaders(), rules, session, now, ctx.responseHeaders()::set);
    }
  }
}
