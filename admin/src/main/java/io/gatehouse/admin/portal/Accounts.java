package io.gatehouse.admin.portal;

import io.gatehouse.admin.login.Passwords;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.store.portal.Application;
import io.gatehouse.store.portal.Developer;
import io.gatehouse.store.portal.DeveloperStatus;
import io.gatehouse.store.portal.PortalStore;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Developer accounts (sign-up, login, the operator's decision) and their applications; an
 * application's row and its consumer are written and deleted in one store transaction
 * ({@link PortalTransactions}).
 */
final class Accounts {
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
  static final int MIN_PASSWORD = 8;

  private final PortalStore store;
  private final PortalTransactions transactions;
  private final ProxyGrants grants;
  private final Passwords passwords = new Passwords();
  private final Clock clock;
  private final java.util.function.BooleanSupplier autoApprove;
  // a fixed hash to verify against for unknown e-mail addresses, so both cases cost the same
  private final String decoy;

  /** @param autoApprove whether accounts are approved at sign-up (Kong's {@code portal_auto_approve}), asked at each */
  Accounts(PortalTransactions transactions, ProxyGrants grants, Clock clock,
      java.util.function.BooleanSupplier autoApprove) {
    this.store = transactions.rows();
    this.transactions = transactions;
    this.grants = grants;
    this.clock = clock;
    this.autoApprove = autoApprove;
    this.decoy = passwords.hash(UUID.randomUUID().toString());
  }

  Developer register(String email, String password) {
    String address = email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    var errors = Json.object();
    if (!EMAIL.matcher(address).matches()) errors.put("email", "expected an e-mail address");
    if (password == null || password.length() < MIN_PASSWORD) {
      errors.put("password", "expected at least " + MIN_PASSWORD + " characters");
    }
    if (!errors.isEmpty()) throw KongException.schemaViolation(errors);
    long now = clock.instant().getEpochSecond();
    return store.insertDeveloper(new Developer(UUID.randomUUID().toString(), address, passwords.hash(password),
        autoApprove.getAsBoolean() ? DeveloperStatus.APPROVED : DeveloperStatus.PENDING, now, now));
  }

  /** The developer these credentials name, whatever its status; empty when they do not match. */
  Optional<Developer> authenticate(String email, String password) {
    if (email == null || password == null) return Optional.empty();
    Optional<Developer> d = store.developer(email.trim().toLowerCase(Locale.ROOT));
    boolean ok = passwords.matches(password, d.map(Developer::passwordHash).orElse(decoy));
    return ok ? d : Optional.empty();
  }

  /**
   * The developer a provider identity names; the first login opens the account (pending unless
   * accounts are auto-approved) with the ID token's e-mail address. An address that an account
   * opened otherwise already holds is refused (409): linking by address would let whoever controls
   * it at the provider take that account over.
   */
  Developer identified(String issuer, String subject, @org.jspecify.annotations.Nullable String email) {
    Optional<Developer> known = store.developerByIdentity(issuer, subject);
    if (known.isPresent()) return known.get();
    String address = email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    if (!EMAIL.matcher(address).matches()) {
      throw KongException.schemaViolation(Json.object().put("email", "the provider's ID token carries no e-mail address"));
    }
    long now = clock.instant().getEpochSecond();
    // no password: the hash of a random one nobody knows, so a password login never matches
    return store.insertDeveloperWithIdentity(new Developer(UUID.randomUUID().toString(), address,
        passwords.hash(UUID.randomUUID() + UUID.randomUUID().toString()),
        autoApprove.getAsBoolean() ? DeveloperStatus.APPROVED : DeveloperStatus.PENDING, now, now), issuer, subject);
  }

  Optional<Developer> developer(String idOrEmail) {
    return store.developer(idOrEmail);
  }

  java.util.List<Developer> developers() {
    return store.developers();
  }

  Developer decide(Developer d, DeveloperStatus next) {
    if (d.status() == next) return d;
    return store.replaceDeveloper(new Developer(d.id(), d.email(), d.passwordHash(), next, d.createdAt(),
        clock.instant().getEpochSecond()));
  }

  /** A new application with its consumer, key and OAuth 2.0 client; the secrets are in the answer only, once. */
  CreatedApplication createApplication(Developer d, String name) {
    if (name == null || name.isBlank()) {
      throw KongException.schemaViolation(Json.object().put("name", "required field missing"));
    }
    return transactions.run(t -> {
      if (t.rows().applications(d.id()).stream().anyMatch(a -> a.name().equals(name))) {
        throw KongException.uniqueViolation(java.util.Map.of("name", Json.NODES.textNode(name)));
      }
      String id = UUID.randomUUID().toString();
      ProxyGrants.NewConsumer consumer = grants.newConsumer(t.entities(), id, name);
      long now = clock.instant().getEpochSecond();
      Application app = t.rows().insertApplication(new Application(id, d.id(), name, consumer.consumerId(), now, now));
      return new CreatedApplication(app, consumer.credentials());
    });
  }

  /** Deletes an application: its consumer (key and grants with it), its row and subscriptions. */
  void deleteApplication(Application a) {
    transactions.run(t -> deleteApplication(t, a));
  }

  private boolean deleteApplication(PortalTransactions.Tx t, Application a) {
    grants.deleteConsumer(t.entities(), a.consumerId());
    return t.rows().deleteApplication(a.id());
  }

  /** A new key and client secret for the application's consumer; the old ones stop working. Shown once, as at creation. */
  ProxyGrants.Credentials rotateKey(Application a) {
    return transactions.run(t -> grants.rotateKey(t.entities(), a.consumerId(), a.name()));
  }

  /** Deletes a developer account with all its applications (the caller ends its sessions). */
  void deleteDeveloper(Developer d) {
    transactions.run(t -> {
      t.rows().applications(d.id()).forEach(a -> deleteApplication(t, a));
      return t.rows().deleteDeveloper(d.id());
    });
  }

  record CreatedApplication(Application application, ProxyGrants.Credentials credentials) {}

  java.util.List<Application> applications(String developerId) {
    return store.applications(developerId);
  }

  /** Every application, or one developer's (by id or e-mail address) when named. */
  java.util.List<Application> applicationsOf(@org.jspecify.annotations.Nullable String developer) {
    if (developer == null) return store.applications(null);
    return store.developer(developer).map(d -> store.applications(d.id())).orElse(java.util.List.of());
  }

  Optional<Application> application(String id) {
    return store.application(id);
  }

  /** The application's OAuth 2.0 client id (shown in its answers, so try-it can fill it in again), or null. */
  @org.jspecify.annotations.Nullable String clientId(Application a) {
    return grants.clientId(transactions.entities(), a.consumerId());
  }
}
