package io.gatehouse.core.vault;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.Field;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Beyond Kong OSS: secrets as files under {@code config.directory} (Docker and Kubernetes secret
 * mounts). The resource is a path relative to the directory and may not leave it; one trailing
 * newline is dropped. Version 2 reads {@code <resource>.previous}.
 */
public final class FileVault implements VaultBackend {
  @Override
  public String name() {
    return "file";
  }

  @Override
  public Field config() {
    Field[] ttl = TtlFields.all();
    return Field.record("config",
        Field.string("directory").required().check(v -> Path.of(v.asText()).isAbsolute() ? null : "must be an absolute path"),
        ttl[0], ttl[1], ttl[2]);
  }

  @Override
  public @Nullable String get(ObjectNode config, String resource, int version) {
    String dir = Json.text(config, "directory");
    if (dir == null) {
      throw new VaultException(VaultException.Kind.UNRESOLVED, "the file vault needs config.directory");
    }
    Path base = Path.of(dir).toAbsolutePath().normalize();
    Path file = base.resolve(version == 2 ? resource + ".previous" : resource).normalize();
    if (!file.startsWith(base) || file.equals(base)) {
      throw new VaultException(VaultException.Kind.UNRESOLVED, "resource '" + resource + "' is outside the vault's directory");
    }
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      return text.endsWith("\n") ? text.substring(0, text.length() - (text.endsWith("\r\n") ? 2 : 1)) : text;
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new VaultException(VaultException.Kind.UNRESOLVED, "unable to read " + file + ": " + e.getMessage());
    }
  }
}
