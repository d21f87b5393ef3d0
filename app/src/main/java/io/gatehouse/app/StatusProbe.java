package io.gatehouse.app;

import static java.util.Objects.requireNonNull;

import io.gatehouse.app.settings.Listener;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** Asks a node's status (or Admin) listener over HTTP whether it is ready. */
final class StatusProbe {
  /** Where a node stands. */
  enum State {
    READY,
    /** Up, but DB-less with no configuration yet: Kong's node waits for {@code POST /config} like this. */
    AWAITING_CONFIGURATION,
    NOT_READY
  }

  /** What one probe found; {@code reason} says why it is not ready, for the user. */
  record Result(State state, String reason) {
    Result(boolean ready, String reason) {
      this(ready ? State.READY : State.NOT_READY, reason);
    }

    boolean ready() {
      return state == State.READY;
    }
  }

  /** Kong's {@code /status/ready} reason for a DB-less node that has no configuration. */
  static final String NO_CONFIGURATION = "no configuration available";

  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();

  /** {@code GET http://<listener><path>}: ready when it answers 200. */
  Result probe(Listener listener, String path) {
    requireNonNull(listener, "listener");
    String scheme = listener.ssl() ? "https" : "http";
    URI uri = URI.create(scheme + "://" + listener.localAuthority() + path);
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        return new Result(true, "GET " + uri + " answered 200");
      }
      String reason = "GET " + uri + " answered " + response.statusCode() + ": " + response.body().strip();
      boolean awaiting = response.statusCode() == 503 && response.body().contains(NO_CONFIGURATION);
      return new Result(awaiting ? State.AWAITING_CONFIGURATION : State.NOT_READY, reason);
    } catch (ConnectException e) {
      return new Result(false, "nothing answers at " + uri + " (connection refused)");
    } catch (HttpTimeoutException e) {
      return new Result(false, "GET " + uri + " timed out after " + TIMEOUT.toSeconds() + "s");
    } catch (IOException e) {
      return new Result(false, "GET " + uri + " failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(false, "interrupted");
    }
  }
}
