package io.gatehouse.proxy.server;

import io.netty.handler.codec.http.HttpContent;
import java.util.Collection;

/** Copies of request body chunks held for a plugin, without consuming them. */
final class PendingBody {
  private PendingBody() {}

  static byte[] copy(Collection<HttpContent> chunks) {
    int size = 0;
    for (HttpContent c : chunks) size += c.content().readableBytes();
    byte[] out = new byte[size];
    int at = 0;
    for (HttpContent c : chunks) {
      int n = c.content().readableBytes();
      c.content().getBytes(c.content().readerIndex(), out, at, n);
      at += n;
    }
    return out;
  }
}
