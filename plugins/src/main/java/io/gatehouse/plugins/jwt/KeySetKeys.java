package io.gatehouse.plugins.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import io.gatehouse.core.json.Json;
import io.gatehouse.sdk.Row;
import io.gatehouse.sdk.Snapshot;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshot's {@code keys} (Kong 3.1+ core entities, JWK or PEM) grouped by {@code key_sets},
 * each with a signature check per JWS algorithm its key can verify: what jwt's {@code key_sets}
 * reads. Parsed when the snapshot is built, never per request.
 */
final class KeySetKeys {
  private static final Logger LOG = LoggerFactory.getLogger(KeySetKeys.class);
  private static final List<String> RSA = List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512");
  private static final List<String> EC = List.of("ES256", "ES384", "ES512");

  /** One usable key: its row id and {@code kid}, and a check for each algorithm it may verify. */
  record Key(String id, String kid, Map<String, SignatureCheck> checks) {}

  /** The keys of one set, by {@code kid}. */
  record KeySet(String id, Map<String, Key> byKid) {}

  private final Map<String, KeySet> byId;
  private final Map<String, String> idByName;

  private KeySetKeys(Map<String, KeySet> byId, Map<String, String> idByName) {
    this.byId = byId;
    this.idByName = idByName;
  }

  static KeySetKeys of(Snapshot snapshot) {
    Map<String, String> idByName = new HashMap<>();
    Map<String, Map<String, Key>> keys = new HashMap<>();
    for (Row set : snapshot.rows("key_sets")) {
      keys.put(set.id(), new HashMap<>());
      if (set.text("name") != null) {
        idByName.put(set.text("name"), set.id());
      }
    }
    for (Row row : snapshot.rows("keys")) {
      Map<String, Key> inSet = keys.get(foreignId(row, "set"));
      String kid = row.text("kid");
      if (inSet == null || kid == null) {
        continue; // a key in no set is not reachable through key_sets
      }
      Key key = key(row, kid);
      if (key != null) {
        inSet.put(kid, key);
      }
    }
    Map<String, KeySet> byId = new HashMap<>();
    keys.forEach((id, byKid) -> byId.put(id, new KeySet(id, Map.copyOf(byKid))));
    return new KeySetKeys(byId, idByName);
  }

  /** The sets named (by name or id) in an instance's {@code key_sets}, in order; a missing one is logged and left out. */
  List<KeySet> resolve(Iterable<String> namesOrIds) {
    List<KeySet> sets = new ArrayList<>();
    for (String n : namesOrIds) {
      KeySet s = byId.get(idByName.getOrDefault(n, n));
      if (s == null) {
        LOG.warn("jwt: key set '{}' does not exist; its keys verify nothing", n);
      } else {
        sets.add(s);
      }
    }
    return List.copyOf(sets);
  }

  /** The first key with this {@code kid} in the sets, in their order; null when none. */
  static @Nullable Key find(List<KeySet> sets, String kid) {
    for (KeySet s : sets) {
      Key k = s.byKid().get(kid);
      if (k != null) {
        return k;
      }
    }
    return null;
  }

  private static @Nullable Key key(Row row, String kid) {
    String alg = null;
    PublicKey pub;
    String jwk = row.text("jwk");
    if (jwk != null) {
      JsonNode o = jwk.startsWith("{vault://") ? null : json(jwk);
      if (o == null || !o.isObject() || "enc".equals(o.path("use").asText(null))) {
        return null; // an unresolved vault reference, or a key meant for encryption
      }
      alg = o.path("alg").isTextual() ? o.get("alg").asText() : null;
      pub = publicKey(jwk, o);
    } else {
      pub = pemPublicKey(row.toMap().get("pem"));
    }
    if (pub == null) {
      LOG.warn("jwt: key {} (kid {}) holds no public key this node can load; ignored", row.id(), kid);
      return null;
    }
    Map<String, SignatureCheck> checks = new LinkedHashMap<>();
    for (String a : algorithms(pub)) {
      if (alg == null || alg.equals(a)) {
        SignatureCheck c = SignatureCheck.publicKey(a, pub);
        if (c != null) {
          checks.put(a, c);
        }
      }
    }
    return new Key(row.id(), kid, Map.copyOf(checks));
  }

  /** The JWS algorithms a key of this type verifies. */
  private static List<String> algorithms(PublicKey key) {
    return switch (key.getAlgorithm()) {
      case "RSA" -> RSA;
      case "EC", "ECDSA" -> EC;
      default -> List.of("EdDSA");
    };
  }

  private static @Nullable PublicKey publicKey(String jwk, JsonNode o) {
    try {
      return switch (o.path("kty").asText()) {
        case "RSA" -> RSAKey.parse(jwk).toPublicKey();
        case "EC" -> ECKey.parse(jwk).toPublicKey();
        case "OKP" -> edwards(o.path("crv").asText(), o.path("x").asText());
        default -> null;
      };
    } catch (ParseException | JOSEException | GeneralSecurityException | IllegalArgumentException e) {
      return null;
    }
  }

  /** An Ed25519/Ed448 JWK's {@code x} (RFC 8037: the little-endian encoded point) as a JDK key. */
  private static @Nullable PublicKey edwards(String crv, String x) throws GeneralSecurityException {
    NamedParameterSpec curve = switch (crv) {
      case "Ed25519" -> NamedParameterSpec.ED25519;
      case "Ed448" -> NamedParameterSpec.ED448;
      default -> null;
    };
    if (curve == null) {
      return null;
    }
    byte[] le = Base64.getUrlDecoder().decode(x);
    if (le.length == 0) {
      return null;
    }
    boolean xOdd = (le[le.length - 1] & 0x80) != 0;
    le[le.length - 1] &= 0x7f;
    byte[] be = new byte[le.length];
    for (int i = 0; i < le.length; i++) {
      be[i] = le[le.length - 1 - i];
    }
    return KeyFactory.getInstance("EdDSA").generatePublic(new EdECPublicKeySpec(curve, new EdECPoint(xOdd, new BigInteger(1, be))));
  }

  /** {@code pem.public_key}, else a private key PEM that carries its public half (PKCS#1, SEC 1). */
  private static @Nullable PublicKey pemPublicKey(@Nullable Object pem) {
    if (!(pem instanceof Map<?, ?> m)) {
      return null;
    }
    for (String field : new String[] {"public_key", "private_key"}) {
      if (m.get(field) instanceof String text && !text.startsWith("{vault://")) {
        PublicKey k = PublicKeys.parse(text);
        if (k != null) {
          return k;
        }
      }
    }
    return null;
  }

  private static @Nullable JsonNode json(String text) {
    try {
      return Json.parse(text);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static @Nullable String foreignId(Row row, String field) {
    return row.toMap().get(field) instanceof Map<?, ?> ref && ref.get("id") instanceof String id ? id : null;
  }
}
