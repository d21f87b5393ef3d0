package io.gatehouse.plugins.session;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a session holds, as Kong's plugin keeps it ({@code {consumer_id, credential_id, groups}} plus
 * lua-resty-session's audience and subject). Serialized as length-prefixed UTF-8 before encryption.
 */
record SessionData(String audience, String subject, String consumerId, String credentialId, List<String> groups) {
  SessionData {
    groups = List.copyOf(groups);
  }

  byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(audience);
      out.writeUTF(subject);
      out.writeUTF(consumerId);
      out.writeUTF(credentialId);
      out.writeShort(groups.size());
      for (String g : groups) {
        out.writeUTF(g);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The data, or null when the bytes are not a session's (authenticated decryption makes this rare). */
  static @Nullable SessionData of(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      String audience = in.readUTF();
      String subject = in.readUTF();
      String consumer = in.readUTF();
      String credential = in.readUTF();
      int n = in.readUnsignedShort();
      List<String> groups = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        groups.add(in.readUTF());
      }
      return new SessionData(audience, subject, consumer, credential, groups);
    } catch (IOException e) {
      return null;
    }
  }
}
