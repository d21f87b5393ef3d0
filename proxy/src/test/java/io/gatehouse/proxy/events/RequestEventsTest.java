package io.gatehouse.proxy.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each event point calls the listeners that override it, in order, and one listener's failure stops no other. */
class RequestEventsTest {
  private final List<String> heard = new ArrayList<>();
  private final ExchangeView request = (ExchangeView) Proxy.newProxyInstance(getClass().getClassLoader(),
      new Class<?>[] {ExchangeView.class}, (p, m, a) -> null);

  private final RequestListener logOnly = new RequestListener() {
    @Override
    public void logged(ExchangeView r) {
      heard.add("log-only logged");
    }
  };

  private final RequestListener everything = new RequestListener() {
    @Override
    public void accepted(ExchangeView r) {
      heard.add("all accepted");
    }

    @Override
    public void routed(ExchangeView r) {
      heard.add("all routed");
    }

    @Override
    public void upstreamTry(ExchangeView r, TryView t) {
      heard.add("all try");
    }

    @Override
    public void answered(ExchangeView r) {
      throw new IllegalStateException("a broken listener");
    }

    @Override
    public void logged(ExchangeView r) {
      heard.add("all logged");
    }
  };

  @Test
  void eachPointCallsTheListenersThatHearIt() {
    RequestEvents events = RequestEvents.of(List.of(logOnly, everything));
    assertThat(events.on).isTrue();
    events.accepted(request);
    events.routed(request);
    events.upstreamTry(request, null);
    events.answered(request);
    events.logged(request);
    assertThat(heard).containsExactly("all accepted", "all routed", "all try", "log-only logged", "all logged");
  }

  /** A listener hears a point its superclass overrides, not only one its own class declares. */
  abstract class Base implements RequestListener {
    @Override
    public void accepted(ExchangeView r) {
      heard.add("base accepted");
    }
  }

  final class Derived extends Base {
    @Override
    public void logged(ExchangeView r) {
      heard.add("derived logged");
    }
  }

  @Test
  void aPointOverriddenByASuperclassIsHeard() {
    RequestEvents events = RequestEvents.of(List.of(new Derived()));
    events.accepted(request);
    events.routed(request);
    events.logged(request);
    assertThat(heard).containsExactly("base accepted", "derived logged");
  }

  @Test
  void noListenerIsOff() {
    assertThat(RequestEvents.of(List.of())).isSameAs(RequestEvents.NONE);
    assertThat(RequestEvents.NONE.on).isFalse();
  }
}
