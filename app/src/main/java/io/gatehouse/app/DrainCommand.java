package io.gatehouse.app;

import io.gatehouse.app.settings.Listener;
import io.gatehouse.app.settings.Settings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Kong 3.9's {@code drain}: tells the running node's status listener ({@code POST /status/ready},
 * {@code status=draining}) to answer 503 on {@code /status/ready} from now on, so load balancers take
 * it out of rotation while it keeps serving the requests that still arrive. Like Kong, it prints what
 * happened and exits 0 even when no node answered.
 */
@Command(name = "drain", mixinStandardHelpOptions = true,
    description = "Make the status listener's /status/ready answer 503 (take the node out of load balancer rotation).")
final class DrainCommand implements Callable<Integer> {
  private static final Duration TIMEOUT = Duration.ofSeconds(1); // Kong's timeout for this request

  @Mixin CommonOptions options = new CommonOptions();

  @Override
  public Integer call() throws InterruptedException {
    Settings settings = options.load();
    if (settings.statusListen().isEmpty()) {
      System.out.println("No status listeners found in configuration.");
      return 0;
    }
    Listener listener = settings.statusListen().getFirst();
    URI uri = URI.create((listener.ssl() ? "https" : "http") + "://" + listener.localAuthority() + "/status/ready");
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"draining\"}"))
        .build();
    HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();
    try {
      HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() != 204) {
        System.out.println("Unexpected response status from " + uri + ": " + response.statusCode());
        return 0;
      }
    } catch (IOException e) {
      System.out.println("Failed to send request to " + uri + ": " + e);
      return 0;
    }
    System.out.println("Gatehouse's status successfully changed to 'draining'");
    return 0;
  }
}
