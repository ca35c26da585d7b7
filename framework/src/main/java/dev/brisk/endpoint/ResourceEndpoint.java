package dev.brisk.endpoint;

import com.google.protobuf.Descriptors.Descriptor;
import dev.brisk.cache.Cache;
import dev.brisk.cache.CacheKey;
import dev.brisk.cache.Validator;
import dev.brisk.db.CursorOptions;
import dev.brisk.db.Db;
import dev.brisk.fields.EmbedLimits;
import dev.brisk.fields.Field;
import dev.brisk.fields.Resource;
import dev.brisk.fields.ResourceReader;
import dev.brisk.fields.RowVersions;
import dev.brisk.http.CachedReads;
import dev.brisk.http.Endpoint;
import dev.brisk.http.Reply;
import dev.brisk.http.Routes;
import dev.brisk.http.StreamLimiter;
import dev.brisk.page.Pager;
import dev.brisk.page.Sort;
import dev.brisk.stream.StreamOptions;
import dev.brisk.stream.Streamer;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A declared {@link Resource} served over HTTP from one declaration: {@code get} (one row by id),
 * {@code list} (filtered, sorted, keyset-paged) and {@code export} (streamed from a cursor), each
 * with {@code fields} selection, unknown query parameters refused (400 naming the known ones),
 * JSON or protobuf by {@code Accept}, ETags, and the route documented for the generated API
 * description ({@link Routes#documented}).
 *
 * <pre>{@code
 * context.endpoint(PRODUCT, pager)     // the app's database, embed limits and stream options
 *     .filter(Filter.id("category_id"), Filter.prefix("q", "name").ignoringCase())
 *     .sorts("price_cents", "created_at")
 *     .build()
 *     .list(routes, Mount.at("/api/products", Access.open()))
 *     .get(routes, Mount.at("/api/products/:id", Access.open()));
 * }</pre>
 *
 * <p>Custom endpoints (writes, imports, anything that is not a read of declared rows) keep
 * using the primitives this composes: {@code FieldMask}, {@link ResourceReader}, {@link Pager}
 * and {@code CachedReads}. Thread-safe; handlers run on the request's context.
 */
public final class ResourceEndpoint {

  private final Spec spec;
  private final ResourceReads reads;

  private ResourceEndpoint(Spec spec) {
    this.spec = spec;
    this.reads = new ResourceReads(spec);
  }

  /**
   * Starts a declaration for {@code resource}, read from {@code db}; {@code pager} (null when
   * no {@code list} is served) pages the lists. The lower-level start, for tests and code
   * without an app: embeds and exports keep the built-in defaults unless {@link
   * Builder#embedLimits} and {@link Builder#streaming} are called. An app starts with
   * {@code context.endpoint(resource, pager)}, which sets its own. Any thread.
   */
  public static Builder builder(Resource resource, Db db, Pager pager) {
    return new Builder(resource, db, pager);
  }

  /**
   * The value of a {@link Builder#restrict} function that lifts its restriction for this
   * request: a caller who may read every row (the internal tier of the shop's order lists).
   */
  public static Object unrestricted() {
    return Selection.UNRESTRICTED;
  }

  /** The resource served. */
  public Resource resource() {
    return spec.resource();
  }

  /** The sorts a list accepts, the default first. */
  public List<Sort> sorts() {
    return spec.sorts();
  }

  /**
   * Serves {@code GET mount.path()} (with an {@code :id} parameter): one row, 404 when absent.
   * With {@link Builder#cached} it is read through the cache with an ETag from its row
   * versions; otherwise the ETag is the body's. Call while routes are declared.
   */
  public ResourceEndpoint get(Routes routes, Mount mount) {
    if (!mount.path().contains(":id")) {
      throw new IllegalArgumentException("get " + mount.path() + " needs an :id path parameter");
    }
    mountGet(routes.documented(EndpointDocs.get(spec, mount)), mount, reads::one);
    return this;
  }

  /**
   * Serves {@code GET mount.path()}: the filtered, sorted, keyset-paged list in the envelope
   * with its {@code Link} header. Needs a pager, and a page message when rows are offered as
   * protobuf. Call while routes are declared.
   */
  public ResourceEndpoint list(Routes routes, Mount mount) {
    if (spec.pager() == null) {
      throw new IllegalStateException("list " + mount.path() + " needs a pager; pass one to "
          + "context.endpoint (or ResourceEndpoint.builder)");
    }
    if (spec.protobuf() != null && spec.pageProtobuf() == null) {
      // Otherwise the rows would be protobuf and their list a silent 406 for the same Accept.
      throw new IllegalStateException("list " + mount.path() + " offers "
          + spec.protobuf().getFullName() + " rows but no page message; pass one to "
          + "protobuf(one, page)");
    }
    mountGet(routes.documented(EndpointDocs.list(spec, mount)), mount, reads::page);
    return this;
  }

  /**
   * Serves {@code GET mount.path()} as a stream of every row matching the list filters, in id
   * order or, with a pager, in any of the list's sorts ({@code sort=}, ties broken by id), as
   * NDJSON, a JSON array, SSE (resumable with {@code Last-Event-ID}: the id in id order, a signed
   * keyset position in a sort) or delimited protobuf; {@code limiter} admits it first
   * (429/503). Rows carry their embeds as a list's rows do, loaded for each fetched chunk of
   * rows with one query per level. Its literal path is its own in any declaration order: a
   * {@code get} route's {@code :id} never takes it. The mount's check runs once the request is
   * valid and before the cursor opens (a 404 for an absent parent of the rows); when it fails,
   * nothing is streamed.
   */
  public ResourceEndpoint export(Routes routes, Mount mount, StreamLimiter limiter) {
    if (mount.policy() != null) {
      throw new IllegalArgumentException("export " + mount.path() + " streams: it takes no "
          + "cache policy");
    }
    ResourceExport export = new ResourceExport(spec, reads, mount.check());
    routes.documented(EndpointDocs.export(spec, mount))
        .stream(HttpMethod.GET, mount.path(), mount.access(), limiter, export::handle);
    return this;
  }

  /**
   * The SQL a list reads for {@code query} (filters, sort, page; restrictions left out), to
   * {@code EXPLAIN} in a test. Invalid input is the list's 400 problem.
   */
  public ResourceReader.Statement pageStatement(MultiMap query) {
    return reads.statement(query);
  }

  private static void mountGet(Routes routes, Mount mount, Endpoint endpoint) {
    Endpoint checked = mount.check() == null ? endpoint : ctx -> {
      // The read validates its input first (400 before any check); then both run at once.
      Future<Reply> read = endpoint.handle(ctx);
      Future<?> check = mount.check().apply(ctx);
      return Future.join(read, check).transform(ar -> check.failed()
          ? Future.failedFuture(check.cause()) : read);
    };
    if (mount.policy() == null) {
      routes.get(mount.path(), mount.access(), checked);
    } else {
      routes.get(mount.path(), mount.access(), mount.policy(), checked);
    }
  }

  /**
   * Collects a declaration; {@link #build()} validates it against the resource. Not
   * thread-safe; use on one thread while routes are declared.
   */
  public static final class Builder {
    private static final List<String> RESERVED = List.of("fields", "sort", "limit", "cursor");
    private final Resource resource;
    private final Db db;
    private final Pager pager;
    private final List<Filter> filters = new ArrayList<>();
    private final List<Selection.Restriction> restrictions = new ArrayList<>();
    private final List<String> sortFields = new ArrayList<>();
    private final List<Sort> customSorts = new ArrayList<>();
    private String defaultSort = "id";
    private Descriptor protobuf;
    private Descriptor pageProtobuf;
    private Cache cache;
    private Function<CacheKey, Future<Validator>> versions;
    private String rowVersion;
    private boolean cachePages;
    private EmbedLimits embedLimits = EmbedLimits.defaults();
    private StreamOptions streaming = StreamOptions.defaults();
    private CursorOptions cursor = CursorOptions.defaults();

    private Builder(Resource resource, Db db, Pager pager) {
      this.resource = Objects.requireNonNull(resource, "resource");
      this.db = Objects.requireNonNull(db, "db");
      this.pager = pager;
    }

    /** Adds list (and export) filters, each a query parameter: {@code Filter.id("user_id")}. */
    public Builder filter(Filter... declared) {
      filters.addAll(List.of(declared));
      return this;
    }

    /**
     * Offers {@code sort=<field>} and {@code sort=-<field>} for each named field ({@code id} and
     * {@code -id} always) to the list and the export; ties are broken by {@code id}. The fields
     * must be NOT NULL.
     */
    public Builder sorts(String... fields) {
      sortFields.addAll(List.of(fields));
      return this;
    }

    /** Offers a hand-made sort (an expression, a nullable column), by its name only. */
    public Builder sort(Sort custom) {
      customSorts.add(Objects.requireNonNull(custom, "custom"));
      return this;
    }

    /** The sort an absent {@code sort} selects (default {@code id}): {@code "-created_at"}. */
    public Builder defaultSort(String name) {
      this.defaultSort = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Restricts every list and export read by a condition with one {@code ?} whose value the app
     * derives from the request; the cursor is bound to it as well. The value
     * {@link ResourceEndpoint#unrestricted()} reads every row (a caller who may see them all);
     * {@code null} fails the request with a 500 rather than lifting the restriction, so a caller
     * the function did not expect never reads every row.
     * {@code .restrict("owner", "o.user_id = ?", ctx -> ownUserOrUnrestricted(ctx))}
     */
    public Builder restrict(String name, String condition, Function<RoutingContext, Object> value) {
      restrictions.add(new Selection.Restriction(name, condition, value));
      return this;
    }

    /**
     * Also offers {@code application/x-protobuf}: {@code one} for rows ({@code get},
     * {@code export}), {@code page} for the list envelope ({@code data} and {@code page}).
     * {@code page} may be null only when no {@code list} is served; {@code list} refuses it.
     */
    public Builder protobuf(Descriptor one, Descriptor page) {
      this.protobuf = Objects.requireNonNull(one, "one");
      this.pageProtobuf = page;
      return this;
    }

    /**
     * Reads {@code get} through {@code readCache} with strong ETags from {@code rowVersions}
     * (tags and row versions of what a representation shows), so a matching
     * {@code If-None-Match} costs one small query and writes invalidate by tag.
     */
    public Builder cached(Cache readCache, Function<CacheKey, Future<Validator>> rowVersions) {
      this.cache = Objects.requireNonNull(readCache, "readCache");
      this.versions = Objects.requireNonNull(rowVersions, "rowVersions");
      return this;
    }

    /**
     * Reads {@code get} through {@code readCache} with strong ETags from {@code versions}, the
     * row versions derived from the resource declarations: {@link #cached(Cache, Function)} with
     * {@code versions::validator}, plus {@link #rowVersion} of the resource's own row, so a
     * representation that embeds nothing reads its row and version in one statement.
     */
    public Builder cached(Cache readCache, RowVersions versions) {
      return cached(readCache, versions::validator).rowVersion(versions.rowVersion(resource));
    }

    /**
     * A representation that embeds nothing depends on its own row alone, whose version is
     * {@code versionSql} (an SQL expression over the resource's alias, e.g. {@code "p.xmin"}),
     * tagged {@code <resource>:<id>}: such a {@code get} reads its row and version in one
     * statement, and a matching {@code If-None-Match} reads the version alone. Representations
     * with embeds keep the {@link #cached} row versions, which must give the same tag and
     * version for the row itself. Needs {@link #cached}.
     */
    public Builder rowVersion(String versionSql) {
      this.rowVersion = Objects.requireNonNull(versionSql, "versionSql");
      return this;
    }

    /**
     * Also caches list pages (for {@code CacheOptions.pageTtl()}, keyed by path, query, mask,
     * representation and, on routes that are not open, caller). Only for resources whose every
     * write invalidates {@link CacheKey#pagesTag} of the resource (and of what its pages
     * embed) before it is answered; otherwise a page could be served stale until it expires.
     * Needs {@link #cached}.
     */
    public Builder cachePages() {
      this.cachePages = true;
      return this;
    }

    /**
     * Bounds embedded lists: {@code context.endpoint(...)} sets the app's
     * ({@code --embed-max-per-parent}, {@code --max-rows-per-request},
     * {@code --max-rows-per-tier}), {@link ResourceEndpoint#builder}
     * {@link EmbedLimits#defaults()}.
     */
    public Builder embedLimits(EmbedLimits limits) {
      this.embedLimits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * How exports stream: {@code context.endpoint(...)} sets the app's stream options
     * ({@code --sse-heartbeat}, {@code --sse-retry}, {@code --stream-stall-timeout}),
     * {@link ResourceEndpoint#builder} {@link StreamOptions#defaults()}.
     */
    public Builder streaming(StreamOptions streamOptions) {
      this.streaming = Objects.requireNonNull(streamOptions, "streamOptions");
      return this;
    }

    /**
     * How exports read their database cursor (rows per fetch, transaction timeouts; default
     * {@link CursorOptions#defaults()}).
     */
    public Builder cursors(CursorOptions cursorOptions) {
      this.cursor = Objects.requireNonNull(cursorOptions, "cursorOptions");
      return this;
    }

    /**
     * Validates the declaration against the resource: filters read declared fields of a fitting
     * type, sorts name declared fields, the resource has an {@code id}, and the protobuf
     * messages carry every field and embed {@code fields} may select.
     *
     * @throws IllegalArgumentException naming what does not fit
     */
    public ResourceEndpoint build() {
      if (cachePages && cache == null) {
        throw new IllegalArgumentException("cachePages() needs cached(cache, rowVersions)");
      }
      if (rowVersion != null && cache == null) {
        throw new IllegalArgumentException("rowVersion(...) needs cached(cache, rowVersions)");
      }
      List<Selection.Bound> bound = new ArrayList<>();
      for (Filter f : filters) {
        f.check(resource.name(), resource.field(f.field()));
        if (RESERVED.contains(f.name())
            || bound.stream().anyMatch(b -> b.filter().name().equals(f.name()))) {
          throw new IllegalArgumentException("filter " + f.name() + " is declared twice or "
              + "takes a reserved name (" + String.join(", ", RESERVED) + ")");
        }
        Field field = resource.field(f.field());
        bound.add(new Selection.Bound(f, field.sql(), field.type()));
      }
      List<Sort> sorts = Sorts.derive(resource, sortFields, customSorts, defaultSort);
      if (protobuf != null) {
        ProtobufCheck.rows(resource, protobuf);
      }
      if (pageProtobuf != null) {
        ProtobufCheck.page(protobuf, pageProtobuf);
      }
      return new ResourceEndpoint(new Spec(resource, db, pager, bound, restrictions, sorts,
          protobuf, pageProtobuf, cache, versions, cachePages, embedLimits,
          Streamer.create(streaming), cursor, rowVersion));
    }
  }
}
