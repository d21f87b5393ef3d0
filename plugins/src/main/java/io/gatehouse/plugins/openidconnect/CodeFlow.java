package io.gatehouse.plugins.openidconnect;

import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import io.gatehouse.plugins.openidconnect.Flows.Authenticated;
import io.gatehouse.plugins.openidconnect.Flows.Denied;
import io.gatehouse.plugins.openidconnect.Flows.Login;
import io.gatehouse.plugins.openidconnect.Flows.Outcome;
import io.gatehouse.plugins.openidconnect.OidcCookies.Pending;
import io.gatehouse.plugins.openidconnect.TokenVerifier.Invalid;
import io.gatehouse.plugins.openidconnect.TokenVerifier.Valid;
import io.gatehouse.plugins.openidconnect.TokenVerifier.Verdict;
import io.gatehouse.sdk.Secrets;
import java.net.URI;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The authorization code flow: {@link #start} sends the browser to the provider with a fresh
 * {@code state}, {@code nonce} and (when the provider supports S256 or
 * {@code require_proof_key_for_code_exchange} says so) a PKCE challenge, all kept in the sealed
 * authorization cookie; {@link #callback} checks the returned {@code state}, exchanges the code,
 * verifies the ID token (signature, issuer, audience, expiry, nonce), opens the session cookie and
 * sends the browser back to the address it first asked for.
 */
final class CodeFlow {
  private CodeFlow() {}

  static CompletableFuture<Outcome> start(Prepared p, Offer o, long now, List<String> cookies) {
    OpenIdConnectConfig c = p.config();
    String clientId = c.firstClientId();
    if (clientId == null) {
      return Flows.done(new Denied(null, "authorization code flow needs a client_id", cookies));
    }
    return p.provider().keys().<Outcome>thenApply(keys -> {
      URI endpoint = c.authorizationEndpoint() != null ? URI.create(c.authorizationEndpoint())
          : keys.metadata().authorizationEndpoint();
      if (endpoint == null) {
        return new Denied(null, "the provider has no authorization endpoint", cookies);
      }
      boolean pkce = c.requireProofKeyForCodeExchange() != null ? c.requireProofKeyForCodeExchange()
          : keys.metadata().codeChallengeMethods().contains("S256");
      String redirect = c.redirectUri() != null && !c.redirectUri().isEmpty() ? c.redirectUri().getFirst() : o.url();
      State state = new State();
      Nonce nonce = new Nonce();
      com.nimbusds.oauth2.sdk.pkce.CodeVerifier verifier = pkce ? new com.nimbusds.oauth2.sdk.pkce.CodeVerifier() : null;
      AuthenticationRequest.Builder b;
      try {
        b = new AuthenticationRequest.Builder(ResponseType.parse(String.join(" ", c.responseType())),
            Scope.parse(c.scopes()), new ClientID(clientId), URI.create(redirect));
      } catch (com.nimbusds.oauth2.sdk.ParseException e) {
        return new Denied(null, "invalid response_type", cookies);
      }
      b.endpointURI(endpoint).state(state).nonce(nonce);
      if (!"query".equals(c.responseMode())) {
        b.responseMode(new ResponseMode(c.responseMode()));
      }
      if (verifier != null) {
        b.codeChallenge(verifier, CodeChallengeMethod.S256);
      }
      if (c.audience() != null && !c.audience().isEmpty()) {
        b.customParameter("audience", String.join(" ", c.audience()));
      }
      Pending pending = new Pending(state.getValue(), nonce.getValue(), verifier == null ? null : verifier.getValue(),
          o.uri(), redirect);
      List<String> out = new ArrayList<>(cookies);
      out.add(p.cookies().authorizationCookie(p.cookies().sealPending(pending, now), o.https()));
      return (Outcome) new Login(b.build().toURI().toString(), out);
    });
  }

  static CompletableFuture<Outcome> callback(Prepared p, Offer o, long now) {
    OpenIdConnectConfig c = p.config();
    List<String> cookies = new ArrayList<>();
    cookies.add(p.cookies().clearAuthorization(o.https()));
    Pending pending = p.cookies().openPending(o.authorizationCookie(), now);
    if (pending == null) {
      return Flows.done(new Denied(null, "the authorization cookie is missing, forged or expired", cookies));
    }
    if (!MessageDigest.isEqual(Secrets.sha256(pending.state()), Secrets.sha256(o.state()))) {
      return Flows.done(new Denied(null, "invalid state", cookies));
    }
    String clientId = c.firstClientId();
    if (clientId == null) {
      return Flows.done(new Denied(null, "authorization code flow needs a client_id", cookies));
    }
    return p.provider().keys()
        .thenCompose(keys -> p.calls().token(Flows.tokenEndpoint(p, keys), Flows.tokenAuth(p), clientId,
            c.firstClientSecret(), Flows.codeGrant(o.code(), URI.create(pending.redirectUri()), pending.verifier()),
            null, null, c.cacheTtl(), now))
        .thenCompose(issued -> {
          SignedJWT id = issued.idToken() == null ? null : TokenVerifier.parse(issued.idToken());
          if (id == null) {
            return Flows.done(new Denied("invalid_token", "the provider issued no ID token", cookies));
          }
          String nonce = c.verifyNonce() ? pending.nonce() : null;
          CompletableFuture<Verdict> idCheck = Flows.verify(p,
              keys -> TokenVerifier.verifyIdToken(id, keys, p.rules(), now, p.clientIds(), nonce));
          return idCheck.thenCompose(idVerdict -> {
            if (!(idVerdict instanceof Valid idClaims)) {
              String reason = idVerdict instanceof Invalid i ? i.reason() : "no suitable key to verify the ID token";
              return Flows.done(new Denied("invalid_token", reason, cookies));
            }
            return Flows.tokens(p, issued, now).thenApply(v -> {
              if (v instanceof Invalid i) {
                return (Outcome) new Denied("invalid_token", i.reason(), cookies);
              }
              OidcCookies.Tokens tokens = Flows.sessionTokens(issued, v);
              Map<String, Object> claims = TokenVerifier.parse(issued.accessToken()) != null ? ((Valid) v).claims()
                  : idClaims.claims();
              if (c.enabled("session")) {
                cookies.add(p.cookies().sessionCookie(p.cookies().sealSession(tokens, null, now), o.https()));
              }
              return new Authenticated("authorization_code", claims, tokens, null, cookies, pending.uri());
            });
          });
        })
        .exceptionally(e -> new Denied(null, "code exchange failed: " + Provider.rootMessage(e), cookies));
  }
}
