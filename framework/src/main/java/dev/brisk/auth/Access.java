package dev.brisk.auth;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;

/**
 * Who may call a route, declared when the route is registered; a route without one keeps the app
 * from starting. Denials are problems: 401 without a credential, 403 below the tier, 404 for
 * another user's resource (so existence does not leak).
 *
 * <p>{@code routes.get("/api/users/:id", Access.ownerOr("internal", OwnerCheck.pathParam("id")),
 * users::one)}
 *
 * <p>Immutable and thread-safe; {@link #authorize} runs on the request's context.
 */
public final class Access {

  private enum Kind { OPEN, AUTHENTICATED, TIER, OWNER_OR_TIER }

  private static final Access OPEN = new Access(Kind.OPEN, null, null);
  private static final Access AUTHENTICATED = new Access(Kind.AUTHENTICATED, null, null);

  private final Kind kind;
  private final String tier;
  private final OwnerCheck owner;

  private Access(Kind kind, String tier, OwnerCheck owner) {
    this.kind = kind;
    this.tier = tier;
    this.owner = owner;
  }

  /** Everyone, anonymous callers included. */
  public static Access open() {
    return OPEN;
  }

  /** Any caller with a valid credential (401 for anonymous callers). */
  public static Access authenticated() {
    return AUTHENTICATED;
  }

  /** Callers of at least tier {@code minimum} (401 anonymous, 403 below). */
  public static Access tier(String minimum) {
    return new Access(Kind.TIER, Objects.requireNonNull(minimum, "minimum"), null);
  }

  /**
   * The resource's owner, or callers of at least tier {@code minimum}; anyone else gets 404 as
   * if the resource did not exist (401 when anonymous).
   */
  public static Access ownerOr(String minimum, OwnerCheck owner) {
    return new Access(Kind.OWNER_OR_TIER, Objects.requireNonNull(minimum, "minimum"),
        Objects.requireNonNull(owner, "owner"));
  }

  /** Whether anyone may call the route; otherwise its responses depend on the caller. */
  public boolean isOpen() {
    return kind == Kind.OPEN;
  }

  /**
   * The tier this access names (the minimum, or the one that sees every owner's resources), or
   * {@code null} when it names none.
   */
  public String tier() {
    return tier;
  }

  /** Whether callers other than the resource's owner (and the tier) get 404. */
  public boolean isOwnerScoped() {
    return kind == Kind.OWNER_OR_TIER;
  }

  /**
   * Checks that the tier this access names is configured.
   *
   * @throws IllegalArgumentException naming the unknown tier and the configured ones
   */
  public void validate(Tiers tiers) {
    if (tier != null) {
      tiers.named(tier);
    }
  }

  /**
   * Completes when {@code caller} may call the route, else fails with the denial problem (a
   * 401 offers the credentials {@code authenticator} accepts, and tiers are its tiers). Owner
   * checks may query; everything else completes at once.
   */
  public Future<Void> authorize(RoutingContext ctx, Caller caller, Authenticator authenticator) {
    if (kind == Kind.OPEN) {
      return Future.succeededFuture();
    }
    if (caller.isAnonymous()) {
      return Future.failedFuture(Denials.unauthenticated(authenticator.acceptsBearerTokens()));
    }
    Tiers tiers = authenticator.tiers();
    if (kind == Kind.AUTHENTICATED || caller.isAtLeast(tiers.named(tier))) {
      return Future.succeededFuture();
    }
    if (kind == Kind.TIER) {
      return Future.failedFuture(Denials.forbidden("This route needs tier '" + tier
          + "' or higher; the caller's tier is '" + caller.tier().name() + "'"));
    }
    // An absent resource and another owner's answer the same 404 after the same single lookup,
    // so neither the detail nor Server-Timing's statement count tells whether it exists.
    return owner.owner(ctx).compose(ownerId -> ownerId != null
        && ownerId.equals(caller.userId())
        ? Future.succeededFuture()
        : Future.failedFuture(Denials.hidden(ctx.request().path())));
  }

  @Override
  public String toString() {
    return switch (kind) {
      case OPEN -> "open";
      case AUTHENTICATED -> "authenticated";
      case TIER -> "tier >= " + tier;
      case OWNER_OR_TIER -> "owner or tier >= " + tier;
    };
  }
}
