package io.gatehouse.proxy.plugins;

import com.fasterxml.jackson.core.type.TypeReference;
import io.gatehouse.core.json.Json;
import io.gatehouse.net.FormCodec;
import io.gatehouse.sdk.BodyType;
import io.gatehouse.sdk.Multipart;
import io.gatehouse.sdk.RequestBody;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The SDK's {@link RequestBody} over a body the gateway read, parsed with the project's one form codec and the SDK's multipart parser. */
final class SdkRequestBody implements RequestBody {
  private static final TypeReference<Object> ANY = new TypeReference<>() {};
  private final byte[] bytes;
  private final @Nullable String contentType;

  SdkRequestBody(byte[] bytes, @Nullable String contentType) {
    this.bytes = bytes;
    this.contentType = contentType;
  }

  @Override
  public byte[] bytes() {
    return bytes;
  }

  @Override
  public BodyType type() {
    return BodyType.of(contentType);
  }

  @Override
  public Map<String, List<String>> form() {
    return type() == BodyType.FORM ? FormCodec.parse(new String(bytes, StandardCharsets.UTF_8)) : Map.of();
  }

  @Override
  public @Nullable Object json() {
    try {
      return Json.MAPPER.readValue(bytes, ANY);
    } catch (IOException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
    }
  }

  @Override
  public @Nullable Multipart multipartBody() {
    return Multipart.parse(contentType, bytes);
  }
}
