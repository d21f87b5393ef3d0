package io.gatehouse.plugins.ldapauth;

import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.unboundid.util.ssl.TrustAllSSLSocketVerifier;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.net.SocketFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * One LDAP server as ldap-auth reaches it, with its idle connections kept for {@code keepalive}
 * (Kong's cosocket keepalive pool). Connections are opened, bound and returned by the bind pool's
 * threads only. StartTLS connections live in their own directory (Kong keeps them in a separate
 * pool too), since {@link Target} includes the TLS mode.
 */
final class Directory {

  /** How the connection is secured. */
  enum Tls { NONE, LDAPS, START_TLS }

  /** Where and how to connect: each distinct target has its own idle connections. */
  record Target(String host, int port, Tls tls, boolean verify, int timeoutMillis, long keepaliveMillis) {}

  /** What the server said about a user and password. */
  enum Verdict { ACCEPTED, REJECTED }

  /** The server could not give a verdict (unreachable, timed out, StartTLS refused): Kong's 500. */
  static final class Unavailable extends Exception {
    private final boolean connectionLost;

    Unavailable(String message, @Nullable Throwable cause, boolean connectionLost) {
      super(message, cause, false, false);
      this.connectionLost = connectionLost;
    }
  }

  private record Idle(LDAPConnection connection, long since) {}

  private static final int MAX_IDLE = 32;

  private final Target target;
  private final SSLSocketFactory tls;
  private final ConcurrentLinkedDeque<Idle> idle = new ConcurrentLinkedDeque<>();

  Directory(Target target, SSLSocketFactory tls) {
    this.target = target;
    this.tls = tls;
  }

  /** Binds as {@code dn}; REJECTED also when the TLS handshake fails (Kong answers 401 then, too). */
  Verdict bind(String dn, byte[] password) throws Unavailable {
    LDAPConnection reused = takeIdle();
    if (reused != null) {
      try {
        return bindOn(reused, dn, password);
      } catch (Unavailable e) {
        if (!e.connectionLost) {
          throw e; // a timeout: a fresh connection would only wait as long again
        }
        // a kept connection the server has closed meanwhile: one fresh try, as for a new request
      }
    }
    LDAPConnection fresh;
    try {
      fresh = open();
    } catch (LDAPException e) {
      if (isTls(e)) {
        return Verdict.REJECTED;
      }
      throw new Unavailable("cannot connect to " + where() + ": " + e.getMessage(), e, false);
    }
    return bindOn(fresh, dn, password);
  }

  private Verdict bindOn(LDAPConnection c, String dn, byte[] password) throws Unavailable {
    try {
      c.bind(new SimpleBindRequest(dn, password));
      keep(c);
      return Verdict.ACCEPTED;
    } catch (LDAPException e) {
      if (isTls(e)) {
        c.close();
        return Verdict.REJECTED;
      }
      ResultCode code = e.getResultCode();
      if (code.isClientSideResultCode()) { // timeout, connection lost, undecodable answer
        c.close();
        throw new Unavailable("bind on " + where() + " failed: " + e.getMessage(), e, code == ResultCode.SERVER_DOWN);
      }
      if (code.isConnectionUsable()) {
        keep(c);
      } else {
        c.close();
      }
      return Verdict.REJECTED; // the server's answer: invalid credentials, no such object …
    }
  }

  private LDAPConnection open() throws LDAPException {
    LDAPConnectionOptions options = new LDAPConnectionOptions();
    options.setConnectTimeoutMillis(target.timeoutMillis());
    options.setResponseTimeoutMillis(target.timeoutMillis());
    options.setUseSynchronousMode(true);
    options.setSSLSocketVerifier(TrustAllSSLSocketVerifier.getInstance()); // host names: checked by the TLS engine
    SocketFactory sockets = target.tls() == Tls.LDAPS ? tls : SocketFactory.getDefault();
    LDAPConnection c = new LDAPConnection(sockets, options, target.host(), target.port());
    if (target.tls() == Tls.START_TLS) {
      try {
        ExtendedResult r = c.processExtendedOperation(new StartTLSExtendedRequest(tls));
        if (r.getResultCode() != ResultCode.SUCCESS) {
          throw new LDAPException(ResultCode.CONNECT_ERROR, "StartTLS refused: " + r.getResultCode());
        }
      } catch (LDAPException e) {
        c.close();
        throw e;
      }
    }
    return c;
  }

  private @Nullable LDAPConnection takeIdle() {
    long now = System.nanoTime();
    Idle i;
    while ((i = idle.pollFirst()) != null) {
      boolean fresh = target.keepaliveMillis() == 0 || now - i.since() < target.keepaliveMillis() * 1_000_000L;
      if (fresh && i.connection().isConnected()) {
        return i.connection();
      }
      i.connection().close();
    }
    return null;
  }

  private void keep(LDAPConnection c) {
    if (target.keepaliveMillis() < 0 || idle.size() >= MAX_IDLE) { // 0 keeps forever, as ngx's setkeepalive(0)
      c.close();
      return;
    }
    idle.offerFirst(new Idle(c, System.nanoTime()));
  }

  private String where() {
    return target.host() + ":" + target.port();
  }

  /** A failed TLS handshake or certificate check: Kong's {@code sslhandshake} error. */
  private static boolean isTls(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SSLException) {
        return true;
      }
    }
    return false;
  }
}
