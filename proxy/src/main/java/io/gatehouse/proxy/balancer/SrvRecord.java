package io.gatehouse.proxy.balancer;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.dns.DefaultDnsRecordDecoder;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecordType;

/**
 * An SRV record (RFC 2782) decoded from the raw RDATA Netty hands back, since Netty's resolver
 * decodes only address records: priority, weight, port, then the target name.
 */
record SrvRecord(int priority, int weight, int port, String target, long ttlSeconds) {

  /** Decodes an SRV record; throws {@link IllegalArgumentException} on a malformed one. */
  static SrvRecord decode(DnsRawRecord raw) {
    if (raw.type() != DnsRecordType.SRV) throw new IllegalArgumentException("not an SRV record: " + raw.type());
    ByteBuf rdata = raw.content().duplicate();
    if (rdata.readableBytes() < 7) throw new IllegalArgumentException("SRV record too short: " + rdata.readableBytes());
    int priority = rdata.readUnsignedShort();
    int weight = rdata.readUnsignedShort();
    int port = rdata.readUnsignedShort();
    // Netty keeps the RDATA as a slice of the whole message, so a (non-standard) compressed name still decodes
    String target = DefaultDnsRecordDecoder.decodeName(rdata);
    if (target.endsWith(".") && target.length() > 1) target = target.substring(0, target.length() - 1);
    return new SrvRecord(priority, weight, port, target, raw.timeToLive());
  }
}
