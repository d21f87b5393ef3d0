package io.gatehouse.proxy.balancer;

import java.net.InetAddress;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a target name resolved to.
 *
 * @param type {@code SRV}, {@code A}, {@code AAAA}, {@code hosts} (from {@code /etc/hosts}) — what Kong shows as {@code dns}
 * @param records the addresses; empty with an {@code error}
 * @param error why there are no addresses, or null
 * @param ttl0 the records had TTL 0: Kong then resolves the name on every request
 */
public record DnsAnswer(String type, List<Record> records, @Nullable String error, boolean ttl0) {
  /**
   * One address of the answer.
   *
   * @param port the SRV port, or 0 for the target's port
   * @param weight the SRV weight (0 already replaced by 1, as Kong does), or -1 for the target's weight
   * @param srvName the SRV record's target name (Host and SNI with {@code use_srv_name}), or null
   */
  public record Record(InetAddress ip, int port, int weight, @Nullable String srvName) {
    static Record plain(InetAddress ip) {
      return new Record(ip, 0, -1, null);
    }
  }

  public DnsAnswer {
    records = List.copyOf(records);
  }

  static DnsAnswer failed(String error) {
    return new DnsAnswer("A", List.of(), error, false);
  }

  /** The IP addresses, in answer order. */
  public List<InetAddress> addresses() {
    return records.stream().map(Record::ip).toList();
  }
}
