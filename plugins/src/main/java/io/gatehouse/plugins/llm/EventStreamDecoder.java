package io.gatehouse.plugins.llm;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Reads AWS's {@code application/vnd.amazon.eventstream} framing (Bedrock's {@code converse-stream})
 * as its bytes arrive: each message (prelude with lengths and CRC, headers, payload, message CRC)
 * becomes an event named by its {@code :event-type} header with the payload as data. Only the
 * unfinished message is kept; a message whose checksums fail is dropped.
 */
public final class EventStreamDecoder {
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

  public List<SseEvent> feed(byte[] chunk) {
    pending.writeBytes(chunk);
    List<SseEvent> out = new ArrayList<>();
    byte[] all = pending.toByteArray();
    int at = 0;
    while (all.length - at >= 12) {
      ByteBuffer b = ByteBuffer.wrap(all, at, all.length - at);
      int total = b.getInt(at);
      if (total < 16 || all.length - at < total) break; // the rest of this message is still coming
      SseEvent e = message(all, at, total);
      if (e != null) out.add(e);
      at += total;
    }
    pending.reset();
    pending.write(all, at, all.length - at);
    return out;
  }

  private static SseEvent message(byte[] all, int at, int total) {
    ByteBuffer b = ByteBuffer.wrap(all);
    int headersLength = b.getInt(at + 4);
    if (crc(all, at, 8) != b.getInt(at + 8) || crc(all, at, total - 4) != b.getInt(at + total - 4)) return null;
    String eventType = null;
    int h = at + 12;
    int end = h + headersLength;
    while (h < end) {
      int nameLength = all[h] & 0xff;
      String name = new String(all, h + 1, nameLength, StandardCharsets.UTF_8);
      h += 1 + nameLength;
      int type = all[h++];
      int valueLength = switch (type) {
        case 0, 1 -> 0;
        case 2 -> 1;
        case 3 -> 2;
        case 4 -> 4;
        case 5, 8 -> 8;
        case 9 -> 16;
        case 6, 7 -> 2 + (b.getShort(h) & 0xffff);
        default -> throw new IllegalArgumentException("unknown header type " + type);
      };
      if (type == 7 && ":event-type".equals(name)) {
        eventType = new String(all, h + 2, valueLength - 2, StandardCharsets.UTF_8);
      }
      h += valueLength;
    }
    String payload = new String(all, end, at + total - 4 - end, StandardCharsets.UTF_8);
    return new SseEvent(eventType, payload);
  }

  private static int crc(byte[] bytes, int from, int length) {
    CRC32 c = new CRC32();
    c.update(bytes, from, length);
    return (int) c.getValue();
  }
}
