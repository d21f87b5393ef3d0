package io.gatehouse.proxy.plugins;

import io.gatehouse.sdk.Request;
import io.netty.handler.codec.http.HttpHeaders;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@link Request} over the request's facts and live headers. */
final class ClientRequestView implements Request {
  private final RequestFacts facts;

  ClientRequestView(RequestFacts facts) {
    this.facts = facts;
  }

  @Override
  public String method() {
    return facts.method();
  }

  @Override
  public double httpVersion() {
    return facts.httpVersion();
  }

  @Override
  public String scheme() {
    return facts.scheme();
  }

  @Override
  public String host() {
    return facts.host();
  }

  @Override
  public int port() {
    return facts.port();
  }

  @Override
  public String path() {
    return facts.rawPath();
  }

  @Override
  public @Nullable String rawQuery() {
    return facts.rawQuery();
  }

  @Override
  public @Nullable String header(String name) {
    HttpHeaders h = facts.headers();
    String v = h.get(HeaderNames.of(name));
    if (v == null && name.indexOf('_') >= 0) {
      v = h.get(name.replace('_', '-')); // Kong: api_key also finds api-key (reference plugins §1.7)
    }
    return v;
  }

  @Override
  public List<String> headers(String name) {
    HttpHeaders h = facts.headers();
    List<String> all = h.getAll(HeaderNames.of(name));
    if (all.isEmpty() && name.indexOf('_') >= 0) {
      all = h.getAll(name.replace('_', '-'));
    }
    return all;
  }

  @Override
  public List<String> headerNames() {
    return new ArrayList<>(facts.headers().names());
  }

  @Override
  public List<String> queryArgs(String name) {
    return QueryString.values(facts.rawQuery(), name);
  }

  @Override
  public boolean hasQueryArg(String name) {
    return !queryArgs(name).isEmpty();
  }

  @Override
  public String forwardedIp() {
    return facts.forwardedIp();
  }

  @Override
  public String peerIp() {
    return facts.peerIp();
  }

  @Override
  public String forwardedScheme() {
    return facts.forwardedScheme();
  }

  @Override
  public String serverAddress() {
    return facts.serverAddress();
  }

  @Override
  public int serverPort() {
    return facts.serverPort();
  }

  @Override
  public long connection() {
    return facts.connection();
  }

  @Override
  public int connectionRequests() {
    return facts.connectionRequests();
  }

  @Override
  public List<X509Certificate> clientCertificates() {
    return facts.clientCertificates();
  }

  @Override
  public @Nullable String via() {
    return facts.via();
  }
}
