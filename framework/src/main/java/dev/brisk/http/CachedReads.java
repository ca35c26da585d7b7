package dev.brisk.http;

import com.google.protobuf.Descriptors.Descriptor;
import dev.brisk.auth.Caller;
import dev.brisk.cache.Cache;
import dev.brisk.cache.CacheKey;
import dev.brisk.cache.CachedBody;
import dev.brisk.cache.ETags;
import dev.brisk.cache.Validator;
import dev.brisk.fields.Embed;
import dev.brisk.fields.EmbedLimits;
import dev.brisk.fields.FieldMask;
import dev.brisk.internal.JsonWriter;
import dev.brisk.page.PageResult;
import dev.brisk.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads of one representation through a {@link Cache}, with strong ETags derived from row
 * versions: the encoded bytes come from L1/L2 when cached; with caching off, a matching
 * {@code If-None-Match} is answered 304 after the cheap version read alone, without reading
 * the rows or encoding a body. On routes that are not open the key and the ETag are the
 * caller's own. Keys carry the variant of the reads, so entries built with another one (another
 * reader's declaration or embed limits, on this or another instance) are never served, and the
 * keys of representations that embed carry the row budget of the caller's tier, so what a tier
 * with another budget read, or was refused, never answers it.
 *
 * <p>{@code CachedReads reads = CachedReads.create(cache, reader.fingerprint(), limits);}
 * {@code reads.one(ctx, CacheKey.of("product", id, mask.canonical()), k -> versions(k),
 * () -> reader.byId(mask, id), Product.getDescriptor())}
 *
 * <p>Thread-safe; runs on the request's context.
 */
public final class CachedReads {

  private static final List<String> JSON_ONLY = List.of(MediaTypes.JSON);

  private final Cache cache;
  private final String variant;
  private final EmbedLimits limits;

  private CachedReads(Cache cache, String variant, EmbedLimits limits) {
    this.cache = cache;
    this.variant = variant;
    this.limits = limits;
  }

  /**
   * Reads through {@code cache} (which may be disabled: then only validators are used) under
   * keys of {@code variant}: what else shapes the representations ({@link CacheKey#variant()}),
   * such as the fingerprint of the reader that renders them; null when nothing does.
   * {@code limits} are those the loads render embeds under (their reader's): a representation
   * that embeds is kept per row budget of the caller's tier ({@link EmbedLimits#maxRowsFor}),
   * since a load refused for one budget (413) may be served to another, and a representation
   * loaded under a larger one may exceed a smaller.
   */
  public static CachedReads create(Cache cache, String variant, EmbedLimits limits) {
    return new CachedReads(Objects.requireNonNull(cache, "cache"), variant,
        Objects.requireNonNull(limits, "limits"));
  }

  /**
   * The representation named by {@code key}: {@code validator} reads the row versions (and
   * tags) of the representation it is given (the key completed with the negotiated
   * representation, the caller and the variant), {@code load} reads and renders the rows;
   * {@code protobuf}, when not null, also offers {@code application/x-protobuf}. The validator
   * is read before the rows, so a write between them can only make the ETag older than the
   * body, never newer.
   */
  public Future<Reply> one(RoutingContext ctx, CacheKey key,
      Function<CacheKey, Future<Validator>> validator, Supplier<Future<JsonObject>> load,
      Descriptor protobuf) {
    // A non-matching If-None-Match (rare) reads the versions twice: once to compare, once
    // before the rows.
    return oneReadTogether(ctx, key, validator, k -> validator.apply(k)
        .compose(v -> load.get().map(json -> new Loaded(json, v))), protobuf);
  }

  /**
   * Like {@link #one}, for a representation whose rows and validator one statement reads
   * together ({@code load}, e.g. a row with its version): a 200 costs that one read, a matching
   * {@code If-None-Match} the {@code validator} read alone. Both must give the same validator
   * for the same rows.
   */
  public Future<Reply> oneReadTogether(RoutingContext ctx, CacheKey key,
      Function<CacheKey, Future<Validator>> validator, Function<CacheKey, Future<Loaded>> load,
      Descriptor protobuf) {
    String accept = Requests.headerList(ctx, "Accept");
    List<String> produced = produced(protobuf);
    String chosen = MediaTypes.negotiate(accept, produced);
    if (chosen == null) {
      return Future.failedFuture(Problem.notAcceptable(accept, produced));
    }
    // The Content-Type, without the parameter naming the message.
    String type = MediaTypes.essence(chosen);
    String scope = Caller.answerScope(ctx);
    CacheKey full = complete(ctx, key, type, scope);
    // Every line: a list split over several (RFC 9110 section 5.3) is one list.
    String ifNoneMatch = Requests.headerList(ctx, "If-None-Match");
    Supplier<Future<Reply>> whole = () -> get(full, () -> load.apply(full)
            .map(l -> new CachedBody(encode(l.json(), full, protobuf), l.validator().etag(),
                l.validator().tags())))
        .map(body -> Reply.bytes(200, type, body.body()).withHeader("ETag", body.etag()));
    // An If-Match is evaluated first, against the tag of the whole reply (ReplyWriter).
    if (cache.isEnabled() || ifNoneMatch == null
        || ctx.request().getHeader("If-Match") != null) {
      return whole.get();
    }
    return validator.apply(full).compose(v -> {
      String etag = ETags.forCaller(v.etag(), scope);
      return ETags.matches(ifNoneMatch, etag)
          ? Future.succeededFuture(Reply.empty(304).withHeader("ETag", etag)) : whole.get();
    });
  }

  /** A representation's rows as read, with the validator of that very read. */
  public record Loaded(JsonObject json, Validator validator) {
  }

  /**
   * One page of a list of {@code mask}'s resource: {@code load} reads it (filters, sort, cursor
   * and limit come from the request); cached, when caching is on, for
   * {@link dev.brisk.cache.CacheOptions#pageTtl()} under the request's path and query, mask,
   * representation, caller (on routes that are not open; callers of open routes share one copy)
   * and variant (with the tier's row budget when the mask embeds), with a strong ETag of its
   * bytes and its {@code Link} header. Tagged {@link CacheKey#pagesTag} of the resource and of
   * every resource the mask embeds: a write invalidating one of those tags drops the page
   * everywhere before it is answered. {@code restrictions} are the values the rows are restricted
   * by besides the path and query (those an app derives from the caller, by name; empty when
   * none): part of the key, so callers of an open list restricted by caller never share a page.
   * {@code protobuf}, when not null, is the page message type.
   */
  public Future<Reply> page(RoutingContext ctx, FieldMask mask, Map<String, ?> restrictions,
      Supplier<Future<PageResult<JsonObject>>> load, Descriptor protobuf) {
    String accept = Requests.headerList(ctx, "Accept");
    List<String> produced = produced(protobuf);
    String chosen = MediaTypes.negotiate(accept, produced);
    if (chosen == null) {
      return Future.failedFuture(Problem.notAcceptable(accept, produced));
    }
    // The Content-Type, without the parameter naming the message.
    String type = MediaTypes.essence(chosen);
    if (!cache.isEnabled()) {
      return load.get().map(page -> Reply.page(page, ctx.normalizedPath(), ctx.queryParams(),
          protobuf));
    }
    CacheKey key = complete(ctx, CacheKey.page(mask.resource().name(),
        query(ctx, restrictions), mask.canonical()), type, Caller.answerScope(ctx));
    return get(key, () -> load.get().map(page -> {
      Buffer body = encode(page.toJson(json -> json), key, protobuf);
      Map<String, String> link = page.linkHeader(ctx.normalizedPath(), ctx.queryParams())
          .map(value -> Map.of("Link", value)).orElse(Map.of());
      return new CachedBody(body, ETags.of(body), pagesTags(mask), link);
    })).map(body -> {
      Reply reply = Reply.bytes(200, type, body.body()).withHeader("ETag", body.etag())
          .withHeader("Vary", ReplyWriter.VARY);
      for (Map.Entry<String, String> h : body.headers().entrySet()) {
        reply = reply.withHeader(h.getKey(), h.getValue());
      }
      return reply;
    });
  }

  /**
   * {@code key} through the cache, once more when the load this request shared (another
   * request's, of the same key) failed for what that request may do: 413, its row budget (a
   * batch's sub-request renders under what its siblings left), or 504, its deadline (a batch's
   * sub-request has what is left of the batch's). Those are the loading request's answer, not
   * the representation's; the second attempt loads, or shares a load started since.
   */
  private Future<CachedBody> get(CacheKey key, Supplier<Future<CachedBody>> loader) {
    AtomicBoolean loaded = new AtomicBoolean();
    return cache.get(key, () -> {
      loaded.set(true);
      return loader.get();
    }).recover(e -> !loaded.get() && e instanceof Problem p
        && (p.status() == 413 || p.status() == 504)
        ? cache.get(key, loader) : Future.failedFuture(e));
  }

  /** JSON, and protobuf naming {@code protobuf} when it is not null. */
  private static List<String> produced(Descriptor protobuf) {
    return protobuf == null ? JSON_ONLY : ReplyWriter.jsonOrProtobuf(protobuf);
  }

  /**
   * {@code key} for the negotiated media type, the caller's scope and these reads' variant, with
   * the row budget of the caller's tier when the mask embeds (the canonical mask names each
   * embed as {@code name(...)}): a mask that embeds nothing attaches no row, so no budget
   * refuses it and every tier shares it.
   */
  private CacheKey complete(RoutingContext ctx, CacheKey key, String type, String scope) {
    String v = variant;
    if (key.mask().indexOf('(') >= 0) {
      long budget = limits.maxRowsFor(Caller.of(ctx).tier().name());
      v = (variant == null ? "" : variant) + "/rows=" + budget;
    }
    return key.withRepresentation(representation(type)).withCaller(scope).withVariant(v);
  }

  /**
   * {@code key} for the representation the request's {@code Accept} picks among JSON and
   * {@code protobuf} (JSON when it picks neither, or when {@code protobuf} is null for a
   * resource served as JSON only): the key whose validator gives the ETag a {@code GET} of that
   * representation has, for a write that answers with the changed resource.
   */
  public static CacheKey negotiated(RoutingContext ctx, CacheKey key, Descriptor protobuf) {
    String chosen = MediaTypes.negotiate(Requests.headerList(ctx, "Accept"), produced(protobuf));
    return key.withRepresentation(representation(chosen == null ? MediaTypes.JSON
        : MediaTypes.essence(chosen)));
  }

  private static String representation(String type) {
    return type.equals(MediaTypes.JSON) ? "json" : "protobuf";
  }

  static Set<String> pagesTags(FieldMask mask) {
    Set<String> tags = new TreeSet<>();
    tags.add(CacheKey.pagesTag(mask.resource().name()));
    for (Embed embed : mask.embeds()) {
      tags.addAll(pagesTags(mask.sub(embed)));
    }
    return tags;
  }

  /**
   * The path as the router matched it and the query string in a stable order: every parameter
   * counts (filters, cursor, fields), and so does the path (a filter can be a path parameter, and
   * the cached {@code Link} names the path); then, after a {@code #} (which the encoded query
   * never holds), the restrictions' values in the same form.
   */
  private static String query(RoutingContext ctx, Map<String, ?> restrictions) {
    StringBuilder text = new StringBuilder(ctx.normalizedPath()).append('?');
    int start = text.length();
    for (String name : new TreeSet<>(ctx.queryParams().names())) {
      for (String value : ctx.queryParams().getAll(name)) {
        text.append(text.length() == start ? "" : "&");
        pair(text, name, value);
      }
    }
    if (!restrictions.isEmpty()) {
      text.append('#');
      int from = text.length();
      for (String name : new TreeSet<>(restrictions.keySet())) {
        text.append(text.length() == from ? "" : "&");
        pair(text, name, String.valueOf(restrictions.get(name)));
      }
    }
    return text.toString();
  }

  private static void pair(StringBuilder text, String name, String value) {
    text.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
  }

  /** The uncached page: the envelope with its {@code Link} header, also offered as protobuf. */
  private static Buffer encode(JsonObject json, CacheKey key, Descriptor protobuf) {
    return key.representation().equals("json") ? JsonWriter.encode(json)
        : ProtobufJson.encode(json, protobuf);
  }
}
