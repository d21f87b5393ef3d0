package io.gatehouse.proxy.server;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;

/**
 * Netty's request decoder, made strict: a message with both Transfer-Encoding and Content-Length
 * is a smuggling vector and is rejected (RFC 9112 §6.1 allows it) instead of having its
 * Content-Length dropped.
 */
final class RequestDecoder extends HttpRequestDecoder {
  RequestDecoder(HttpDecoderConfig config) {
    super(config);
  }

  @Override
  protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
    throw new IllegalArgumentException("both Transfer-Encoding and Content-Length");
  }
}
