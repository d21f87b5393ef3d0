package io.gatehouse.proxy.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.util.NetUtil;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny authoritative DNS server on 127.0.0.1 (UDP, port 0) for resolver tests: answers A and SRV
 * questions from records the test sets (and may change at any time), NXDOMAIN otherwise, and counts
 * the questions it got per name and type.
 */
public final class TestDnsServer implements AutoCloseable {
  /** One answer record: A ({@code ip}) or SRV ({@code priority weight port target}). */
  public record Rec(DnsRecordType type, long ttl, String data) {
    public static Rec a(String ip, long ttl) {
      return new Rec(DnsRecordType.A, ttl, ip);
    }

    public static Rec srv(int priority, int weight, int port, String target, long ttl) {
      return new Rec(DnsRecordType.SRV, ttl, priority + " " + weight + " " + port + " " + target);
    }
  }

  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel channel;
  private final Map<String, List<Rec>> records = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> queries = new ConcurrentHashMap<>();

  private TestDnsServer() {
    channel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder(), new Answerer());
          }
        })
        .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
  }

  public static TestDnsServer start() {
    return new TestDnsServer();
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  /** Sets (replaces) the records of a name and type; no records = NXDOMAIN for that type. */
  public TestDnsServer set(String name, DnsRecordType type, Rec... recs) {
    records.put(key(name, type), List.of(recs));
    return this;
  }

  /** How many questions for this name and type arrived. */
  public int queries(String name, DnsRecordType type) {
    AtomicInteger n = queries.get(key(name, type));
    return n == null ? 0 : n.get();
  }

  private static String key(String name, DnsRecordType type) {
    String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    return n.toLowerCase(java.util.Locale.ROOT) + "/" + type.name();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private final class Answerer extends SimpleChannelInboundHandler<DatagramDnsQuery> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery query) {
      DnsQuestion q = query.recordAt(DnsSection.QUESTION);
      String key = key(q.name(), q.type());
      queries.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      DatagramDnsResponse resp = new DatagramDnsResponse(query.recipient(), query.sender(), query.id());
      resp.setAuthoritativeAnswer(true).setRecursionAvailable(true);
      resp.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(q.name(), q.type()));
      List<Rec> recs = records.get(key);
      String prefix = key.substring(0, key.indexOf('/') + 1);
      boolean known = records.entrySet().stream().anyMatch(e -> e.getKey().startsWith(prefix) && !e.getValue().isEmpty());
      if (recs == null || recs.isEmpty()) {
        resp.setCode(known ? DnsResponseCode.NOERROR : DnsResponseCode.NXDOMAIN);
      } else {
        for (Rec r : recs) {
          resp.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(q.name(), r.type(), r.ttl(), rdata(r)));
        }
      }
      ctx.writeAndFlush(resp);
    }

    private static ByteBuf rdata(Rec r) {
      if (r.type() == DnsRecordType.A) return Unpooled.wrappedBuffer(NetUtil.createByteArrayFromIpAddressString(r.data()));
      String[] f = r.data().split(" ");
      ByteBuf b = Unpooled.buffer();
      b.writeShort(Integer.parseInt(f[0])).writeShort(Integer.parseInt(f[1])).writeShort(Integer.parseInt(f[2]));
      for (String label : f[3].split("\\.")) { // RFC 2782: the SRV target is never compressed
        b.writeByte(label.length());
        ByteBufUtil.writeAscii(b, label);
      }
      b.writeByte(0);
      return b;
    }
  }
}
