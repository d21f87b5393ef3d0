package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.json.Json;
import io.gatehouse.proxy.testing.EchoUpstream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ai-proxy on a whole node with its provider key in a vault ({@code auth.header_value} is
 * referenceable in Kong 3.9): the provider gets the secret, the Admin API keeps the reference.
 */
class AiProxyVaultNodeIT {
  @TempDir Path prefix;
  @TempDir Path secrets;

  @Test
  void the_provider_key_comes_from_a_vault() throws Exception {
    try (EchoUpstream provider = EchoUpstream.start(); WholeNode gw = new WholeNode(prefix, Map.of())) {
      Files.writeString(secrets.resolve("openai-key"), "Bearer sk-from-the-vault\n");
      gw.create("/vaults", "{\"prefix\":\"mounted\",\"name\":\"file\",\"config\":{\"directory\":\"" + secrets + "\"}}");
      String route = gw.serviceAndRoute("llm", "/llm");
      String plugin = gw.create("/routes/" + route + "/plugins", "{\"name\":\"ai-proxy\",\"config\":{\"route_type\":"
          + "\"preserve\",\"auth\":{\"header_name\":\"Authorization\",\"header_value\":\"{vault://mounted/openai-key}\"},"
          + "\"model\":{\"provider\":\"openai\",\"name\":\"gpt-4o\",\"options\":{\"upstream_url\":\""
          + provider.url("/v1/models") + "\"}}}}").json().get("id").asText();
      assertThat(gw.admin.get("/plugins/" + plugin).json().at("/config/auth/header_value").asText())
          .isEqualTo("{vault://mounted/openai-key}");
      HttpResponse<String> r = gw.await(s -> s == 200 && provider.requests() > 0, "/llm/v1/models");
      assertThat(Json.parse(r.body()).at("/headers/authorization").asText()).isEqualTo("Bearer sk-from-the-vault");
      assertThat(r.headers().firstValue("X-Kong-LLM-Model")).hasValue("openai/gpt-4o");
    }
  }
}
