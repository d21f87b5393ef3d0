package io.gatehouse.proxy.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Removes hop-by-hop headers in each direction (reference §5.1, §5.2). */
public final class HopByHop {
  private HopByHop() {}

  /** Request side: Connection-listed headers, Connection, Keep-Alive, Proxy, Proxy-Connection, TE, Upgrade. */
  public static void stripRequest(HttpHeaders h) {
    if (!anyOf(h, REQUEST)) return; // the usual request has none: one pass instead of six removals
    stripConnectionListed(h);
    h.remove(HttpHeaderNames.CONNECTION);
    h.remove(HttpHeaderNames.KEEP_ALIVE);
    h.remove(PROXY);
    h.remove(HttpHeaderNames.PROXY_CONNECTION);
    h.remove(HttpHeaderNames.TE);
    h.remove(HttpHeaderNames.UPGRADE);
  }

  /** Response side: Connection-listed headers, Connection, Keep-Alive, Proxy-Connection, Upgrade. */
  public static void stripResponse(HttpHeaders h) {
    stripConnectionListed(h);
    h.remove(HttpHeaderNames.CONNECTION);
    h.remove(HttpHeaderNames.KEEP_ALIVE);
    h.remove(HttpHeaderNames.PROXY_CONNECTION);
    h.remove(HttpHeaderNames.UPGRADE);
  }

  private static final AsciiString PROXY = AsciiString.cached("Proxy");
  private static final AsciiString[] REQUEST = {HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE, PROXY,
      HttpHeaderNames.PROXY_CONNECTION, HttpHeaderNames.TE, HttpHeaderNames.UPGRADE};

  private static boolean anyOf(HttpHeaders h, AsciiString[] names) {
    Iterator<Map.Entry<CharSequence, CharSequence>> it = h.iteratorCharSequence();
    while (it.hasNext()) {
      CharSequence name = it.next().getKey();
      for (AsciiString n : names) {
        if (n.length() == name.length() && n.contentEqualsIgnoreCase(name)) return true;
      }
    }
    return false;
  }

  private static void stripConnectionListed(HttpHeaders h) {
    String first = h.get(HttpHeaderNames.CONNECTION);
    if (first == null) return;
    if ((first.equalsIgnoreCase("keep-alive") || first.equalsIgnoreCase("close")) && single(h)) {
      return; // the usual value lists no other header
    }
    List<String> values = h.getAll(HttpHeaderNames.CONNECTION);
    List<String> names = new ArrayList<>();
    for (String v : values) {
      for (String token : v.split(",")) {
        String t = token.trim().toLowerCase(Locale.ROOT);
        if (!t.isEmpty() && !t.equals("keep-alive") && !t.equals("close") && !t.equals("upgrade")
            && !t.equals("transfer-encoding") && !t.equals("content-length") && !t.equals("host")) {
          names.add(t);
        }
      }
    }
    names.forEach(h::remove);
  }

  private static boolean single(HttpHeaders h) {
    int n = 0;
    var it = h.valueCharSequenceIterator(HttpHeaderNames.CONNECTION);
    while (it.hasNext()) {
      it.next();
      if (++n > 1) return false;
    }
    return true;
  }
}
