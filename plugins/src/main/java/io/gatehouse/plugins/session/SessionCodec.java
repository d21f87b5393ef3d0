package io.gatehouse.plugins.session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.jspecify.annotations.Nullable;

/**
 * The session cookie's bytes, in the spirit of lua-resty-session 4 (which Kong's plugin uses): a
 * fixed header (version, flags, a 32-byte random session id, the creation, rolling and last-seen
 * times) authenticated with HMAC-SHA256, and the session data encrypted with AES-256-GCM under a
 * key and nonce derived per session id with HKDF-SHA256 from the configured secret. A session id
 * is never reused for other data (every save draws a new one), so a key/nonce pair never
 * encrypts two different plaintexts. Encoded as unpadded base64url. Public for openid-connect,
 * whose session and authorization cookies use the same crypto.
 */
public final class SessionCodec {
  public static final int ID_BYTES = 32;
  private static final byte VERSION = 1;
  private static final int HEADER_BYTES = 2 + ID_BYTES + 3 * Long.BYTES;
  private static final int MAC_BYTES = 16;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Flag bits. */
  static final int KONG_STORAGE = 1;
  static final int REMEMBER = 2;

  /** The authenticated header. Times are epoch seconds. */
  public record Header(int flags, byte[] id, long createdAt, long rolledAt, long seenAt) {
    public Header touched(long now) {
      return new Header(flags, id, createdAt, rolledAt, now);
    }

    boolean has(int flag) {
      return (flags & flag) != 0;
    }
  }

  /** A cookie that passed its MAC: the header and the body (ciphertext, empty for server storage). */
  public record Opened(Header header, byte[] body) {}

  private final byte[] ikm;
  private final SecretKeySpec macKey;

  public SessionCodec(String secret) {
    this.ikm = sha256(secret.getBytes(StandardCharsets.UTF_8));
    this.macKey = new SecretKeySpec(hkdf(new byte[0], "gatehouse-session-mac", 32), "HmacSHA256");
  }

  public static byte[] newId() {
    byte[] id = new byte[ID_BYTES];
    RANDOM.nextBytes(id);
    return id;
  }

  public static String base64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** The cookie value for a header and body. */
  public String seal(Header h, byte[] body) {
    ByteBuffer buf = ByteBuffer.allocate(HEADER_BYTES + body.length + MAC_BYTES);
    buf.put(VERSION).put((byte) h.flags()).put(h.id()).putLong(h.createdAt()).putLong(h.rolledAt()).putLong(h.seenAt());
    buf.put(body);
    byte[] out = buf.array();
    System.arraycopy(mac(out, HEADER_BYTES + body.length), 0, out, HEADER_BYTES + body.length, MAC_BYTES);
    return base64(out);
  }

  /** The cookie's header and body, or null when it is malformed or its MAC does not match. */
  public @Nullable Opened open(String cookie) {
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(cookie);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (raw.length < HEADER_BYTES + MAC_BYTES || raw[0] != VERSION) {
      return null;
    }
    int signed = raw.length - MAC_BYTES;
    byte[] expected = Arrays.copyOf(mac(raw, signed), MAC_BYTES);
    if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(raw, signed, raw.length))) {
      return null;
    }
    ByteBuffer buf = ByteBuffer.wrap(raw);
    int flags = buf.get(1) & 0xff;
    buf.position(2);
    byte[] id = new byte[ID_BYTES];
    buf.get(id);
    Header h = new Header(flags, id, buf.getLong(), buf.getLong(), buf.getLong());
    return new Opened(h, Arrays.copyOfRange(raw, HEADER_BYTES, signed));
  }

  /** Encrypts session data for one session id. */
  public byte[] encrypt(byte[] id, byte[] plaintext) {
    try {
      return cipher(Cipher.ENCRYPT_MODE, id).doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /** Decrypts session data, or null when it was not encrypted for this id under this secret. */
  public byte @Nullable [] decrypt(byte[] id, byte[] ciphertext) {
    try {
      return cipher(Cipher.DECRYPT_MODE, id).doFinal(ciphertext);
    } catch (GeneralSecurityException e) {
      return null;
    }
  }

  private Cipher cipher(int mode, byte[] id) throws GeneralSecurityException {
    byte[] material = hkdf(id, "gatehouse-session-aes-256-gcm", 32 + 12);
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, new SecretKeySpec(material, 0, 32, "AES"), new GCMParameterSpec(TAG_BITS, material, 32, 12));
    c.updateAAD(id);
    return c;
  }

  private byte[] mac(byte[] data, int length) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(macKey);
      m.update(data, 0, length);
      return m.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private byte[] hkdf(byte[] salt, String info, int length) {
    HKDFBytesGenerator g = new HKDFBytesGenerator(new SHA256Digest());
    g.init(new HKDFParameters(ikm, salt, info.getBytes(StandardCharsets.UTF_8)));
    byte[] out = new byte[length];
    g.generateBytes(out, 0, length);
    return out;
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
