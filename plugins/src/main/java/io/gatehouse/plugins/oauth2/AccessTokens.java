package io.gatehouse.plugins.oauth2;

import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.RequestBody;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Kong's {@code parse_access_token}: the header ({@code Bearer}/{@code Token} prefix) or the {@code access_token} parameter; hides it when asked. */
final class AccessTokens {
  private AccessTokens() {}

  static @Nullable String find(AccessPhase ctx, OAuth2Config c) {
    String header = ctx.request().header(c.authHeaderName());
    if (header != null) {
      String token = header;
      String[] parts = header.trim().split("\\s+");
      boolean fromHeader = parts.length == 2 && (parts[0].equalsIgnoreCase("token") || parts[0].equalsIgnoreCase("bearer"));
      if (fromHeader) {
        token = parts[1];
        if (c.hideCredentials()) {
          ctx.upstream().removeHeader(c.authHeaderName());
        }
      }
      return token;
    }
    String token = Params.of(ctx).text("access_token");
    if (token != null && c.hideCredentials()) {
      ctx.upstream().removeQueryArg("access_token");
      RequestBody body = ctx.requestBody();
      String type = ctx.request().header("Content-Type");
      if (!ctx.request().method().equals("GET") && body != null && type != null
          && type.contains("application/x-www-form-urlencoded")) {
        StringBuilder form = new StringBuilder();
        for (Map.Entry<String, List<String>> e : body.form().entrySet()) {
          if (e.getKey().equals("access_token")) {
            continue;
          }
          for (String v : e.getValue()) {
            if (!form.isEmpty()) {
              form.append('&');
            }
            form.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
          }
        }
        ctx.upstream().setBody(form.toString().getBytes(StandardCharsets.UTF_8));
      }
    }
    return token;
  }
}
