package io.gatehouse.proxy.server;

import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;

/** A response encoder told by the connection whether the current response answers a HEAD. */
final class ResponseEncoder extends HttpResponseEncoder {
  boolean headRequest;

  @Override
  protected boolean isContentAlwaysEmpty(HttpResponse msg) {
    return super.isContentAlwaysEmpty(msg) || (headRequest && msg.status().code() >= 200);
  }
}
