package dev.brisk.auth;

import io.netty.util.NetUtil;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.Objects;

/**
 * Who sent a request: the API key or token it authenticated with, the user behind it, its tier
 * and the client IP. Anonymous callers have no key and are identified by their IP. Resolved once
 * per request before any route runs; batch sub-requests run as their outer request's caller.
 *
 * <p>{@code Caller caller = Caller.of(ctx); if (caller.isAnonymous()) ...}
 *
 * @param keyId id of the credential: an API key's id, or {@code jwt:<subject>}; null when
 *     anonymous
 * @param userId the user the credential belongs to, or null (anonymous, or a key without user)
 * @param tier the caller's tier
 * @param clientIp the client address, honouring {@code X-Forwarded-For} only from trusted proxies
 */
public record Caller(String keyId, String userId, Tier tier, String clientIp) {

  private static final String KEY = Caller.class.getName();
  /** Where the access check records whose answer a request on a route that is not open gets. */
  private static final String ANSWER_SCOPE = "brisk.caller.scope";

  /** Validates the tier and address. */
  public Caller {
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(clientIp, "clientIp");
  }

  /** An anonymous caller from {@code clientIp}. */
  public static Caller anonymous(Tier tier, String clientIp) {
    return new Caller(null, null, tier, clientIp);
  }

  /**
   * The caller of the request {@code ctx} belongs to. Any thread that handles the request.
   *
   * @throws IllegalStateException when called before callers are resolved (not in a route)
   */
  public static Caller of(RoutingContext ctx) {
    Caller caller = ctx.get(KEY);
    if (caller == null) {
      throw new IllegalStateException("No caller resolved for " + ctx.request().path());
    }
    return caller;
  }

  /** Attaches the resolved caller to the request; called by the framework only. */
  public static void attach(RoutingContext ctx, Caller caller) {
    ctx.put(KEY, caller);
  }

  /**
   * Records that the answer to {@code ctx} depends on its caller (its route is not open) and
   * belongs to {@code scope}; called by the framework's access check only.
   */
  public static void answerFor(RoutingContext ctx, String scope) {
    ctx.put(ANSWER_SCOPE, scope);
  }

  /**
   * The caller scope ({@link #scope()}) the answer to {@code ctx} belongs to when its route is
   * not open; null on open routes, where every caller gets the same answer.
   */
  public static String answerScope(RoutingContext ctx) {
    return ctx.get(ANSWER_SCOPE);
  }

  /** Whether the request carried no credential. */
  public boolean isAnonymous() {
    return keyId == null;
  }

  /** Whether the caller's tier is at least {@code tier}. */
  public boolean isAtLeast(Tier tier) {
    return this.tier.isAtLeast(tier);
  }

  /**
   * What state scoped to this caller is keyed by: {@code key:<id>}, or {@code ip:<network>}
   * ({@link #clientNetwork()}) for anonymous callers.
   */
  public String scope() {
    return keyId != null ? "key:" + keyId : "ip:" + clientNetwork();
  }

  /**
   * The client address as per-address state counts it (anonymous rate limits, streams,
   * idempotency and cache scopes): an IPv4 address itself, also when written IPv4-mapped
   * ({@code ::ffff:192.0.2.1}); for IPv6 its /64 prefix ({@code 2001:db8:1:2::/64}), since one
   * subscriber's network holds 2^64 addresses to rotate through.
   */
  public String clientNetwork() {
    if (clientIp.indexOf(':') < 0) {
      return clientIp;
    }
    byte[] ip = NetUtil.createByteArrayFromIpAddressString(clientIp);
    if (ip == null) {
      return clientIp;
    }
    if (ip.length == 16 && isIpv4Mapped(ip)) {
      return NetUtil.bytesToIpAddress(Arrays.copyOfRange(ip, 12, 16));
    }
    if (ip.length == 4) {
      return NetUtil.bytesToIpAddress(ip);
    }
    Arrays.fill(ip, 8, 16, (byte) 0);
    return NetUtil.bytesToIpAddress(ip) + "/64";
  }

  private static boolean isIpv4Mapped(byte[] ip) {
    for (int i = 0; i < 10; i++) {
      if (ip[i] != 0) {
        return false;
      }
    }
    return ip[10] == (byte) 0xFF && ip[11] == (byte) 0xFF;
  }

  @Override
  public String toString() {
    return "Caller[" + scope() + ", user=" + userId + ", tier=" + tier.name() + "]";
  }
}
