package dev.brisk.fields;

import dev.brisk.batch.DataLoader;
import dev.brisk.batch.DataLoaderScope;
import dev.brisk.cache.CacheKey;
import dev.brisk.cache.Validator;
import dev.brisk.db.Sql;
import dev.brisk.problem.Problem;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The row versions and cache tags of resource representations, derived from the resources'
 * declarations: what {@code ResourceEndpoint.Builder.cached} needs to cache a resource and
 * answer {@code If-None-Match} from versions alone, and what each write must invalidate, without
 * hand-written version queries.
 *
 * <pre>{@code
 * RowVersions versions = RowVersions.of(db, List.of(PRODUCT, CATEGORY, ORDER));
 * context.endpoint(PRODUCT, pager).cached(context.cache(), versions).build()
 *     .get(routes, Mount.at("/api/products/:id", Access.open()));
 * // after a write to products 5 and 6 commits, before it is answered:
 * cache.invalidate(versions.written(PRODUCT, List.of(5L, 6L)));
 * }</pre>
 *
 * <p>A representation depends on its own row, tagged {@code <resource>:<id>} with PostgreSQL's
 * {@code xmin} (the transaction that wrote that row version) as its version; on each to-one
 * embed it shows, tagged {@code <target>:<id>} the same way (by the key it holds, even one no
 * row has yet); and on each to-many embed it shows as a list, tagged
 * {@code <owner>-<embed>:<owner key>} (for example
 * {@code category-products:2}) with a digest of its rows' versions, which changes when a row of
 * the list changes, joins or leaves it. Rows embedded in rows embedded in turn are versioned the
 * same way, at any depth, all in one statement per field mask (batched per event-loop
 * turn of a request). {@link #written} names the tags a write to a resource's rows invalidates:
 * those rows, every list that may show rows of that resource, and its cached pages.
 *
 * <p>Embeds are read from their declared tables (the default SQL loaders): an embed answered by
 * a custom {@link EmbedLoader} from elsewhere needs versions of its own. Resources and embed
 * keys must be {@code LONG}, {@code INT} or {@code UUID} values ({@code id} fields; to-one
 * embeds not matched on the target's {@code id} are versioned as lists of their owner).
 * Thread-safe.
 */
public final class RowVersions {

  /** Past this many masks, statements are built per call, not kept. */
  static final int MAX_KEPT_MASKS = 1024;
  private static final String ROOT = "v0";

  private final Sql sql;
  private final List<Resource> declared;
  private final Map<String, Shape> shapes = new ConcurrentHashMap<>();
  /** Every resource reachable from the declared ones, by name; built on first use. */
  private volatile Map<String, Resource> reachable;

  private RowVersions(Sql sql, List<Resource> declared) {
    this.sql = sql;
    this.declared = declared;
  }

  /**
   * Versions read through {@code sql} (the app's {@code Db}: reads never run in a transaction,
   * see {@link #read}) for {@code resources} and every resource their embeds reach.
   *
   * @throws IllegalArgumentException when no resource is given
   */
  public static RowVersions of(Sql sql, Collection<Resource> resources) {
    Objects.requireNonNull(sql, "sql");
    if (resources.isEmpty()) {
      throw new IllegalArgumentException("row versions need at least one resource");
    }
    return new RowVersions(sql, List.copyOf(resources));
  }

  /**
   * The SQL of a {@code resource} row's own version, for {@code ResourceEndpoint.Builder
   * .rowVersion}: a representation that embeds nothing then reads its row and version in one
   * statement, under the same tag and version as {@link #validator} gives.
   */
  public String rowVersion(Resource resource) {
    return resource.alias() + ".xmin";
  }

  /**
   * The validator of the representation {@code key} names (resource, id, canonical field
   * mask): its tags and strong ETag from the row versions it shows. Lookups made in one
   * event-loop turn of a request share one statement per mask; they read through the
   * database, never a transaction (every sub-request of a batch shares them). Fails with 404
   * when the row does not exist.
   */
  public Future<Validator> validator(CacheKey key) {
    Resource resource = resource(key);
    Shape shape = shape(resource, key);
    Object id = id(resource, key);
    if (id == null) {
      return Future.failedFuture(notFound(key));
    }
    // One loader per resource (its name is a meter tag); keys of one mask share a statement.
    DataLoader<MaskedKey<List<Row>>, List<Row>> loader = DataLoaderScope.current().loader(
        "row-versions:" + resource.name(), MaskedKey::load, BatchedEmbedLoaders.OPTIONS);
    return loader.load(new MaskedKey<>(shape, id, shape.mask()))
        .compose(rows -> versions(key, id, rows == null ? List.of() : rows))
        .map(versions -> Validator.of(key, versions));
  }

  /**
   * Tag to row version of the representation {@code key} names, read now through
   * {@code inTransaction} (a transaction sees its own writes): for the validator of a
   * representation a write answers with.
   */
  public Future<Map<String, String>> read(Sql inTransaction, CacheKey key) {
    Resource resource = resource(key);
    Shape shape = shape(resource, key);
    Object id = id(resource, key);
    if (id == null) {
      return Future.failedFuture(notFound(key));
    }
    return shape.query(inTransaction, List.of(id)).compose(rows -> versions(key, id, rows));
  }

  /**
   * The tags a write to rows of {@code resource} invalidates: each written row
   * ({@code <resource>:<id>}), every to-many embed that may list rows of it
   * ({@code <owner>-<embed>}, whatever the owner), and the resource's cached pages (which also
   * hold every page embedding it); the same for every other reachable resource declared on its
   * table (by the same {@code id}), since they show the same rows. {@code ids} may be empty for
   * new rows: lists and pages are invalidated all the same. Invalidate them after the write
   * commits and before it is answered.
   */
  public List<String> written(Resource resource, Collection<?> ids) {
    Set<Resource> same = new LinkedHashSet<>(List.of(resource));
    for (Resource other : reachable().values()) {
      if (other.table().equals(resource.table())) {
        same.add(other);
      }
    }
    Set<String> tags = new LinkedHashSet<>();
    for (Resource rows : same) {
      if (rows == resource || rows.field("id") != null) {
        for (Object id : ids) {
          tags.add(rows.name() + ":" + Keys.normalize(id));
        }
      }
    }
    for (Resource owner : reachable().values()) {
      for (Embed embed : owner.embeds()) {
        if (same.contains(embed.target()) && listed(embed)) {
          tags.add(listTag(embed));
        }
      }
    }
    for (Resource rows : same) {
      tags.add(CacheKey.pagesTag(rows.name()));
    }
    return new ArrayList<>(tags);
  }

  /**
   * As {@link #written(Resource, Collection)} for rows written under known owners of the list
   * {@code list} (a to-many embed of {@code resource}): that list is invalidated only for
   * {@code ownerKeys} ({@code order-items:7} for items added to order 7) instead of for every
   * owner; other lists that may hold such rows still are. A row that moves between owners
   * changes both lists: name both.
   *
   * @throws IllegalArgumentException when {@code list} is not a list of {@code resource}
   */
  public List<String> written(Resource resource, Collection<?> ids, Embed list,
      Collection<?> ownerKeys) {
    if (list.target() != resource || !listed(list)) {
      throw new IllegalArgumentException(list.qualifiedName() + " is not a list of "
          + resource.name());
    }
    List<String> tags = new ArrayList<>(written(resource, ids));
    String everyOwner = listTag(list);
    tags.remove(everyOwner);
    for (Object key : ownerKeys) {
      tags.add(everyOwner + ":" + Keys.normalize(key));
    }
    return tags;
  }

  /**
   * Whether an embed's rows are versioned together, as a list of their owner: all but to-one
   * embeds matched on the target's id (a to-one matched on another key shows whichever row holds
   * that key now, and a write names the rows it wrote, not the keys they held).
   */
  private static boolean listed(Embed embed) {
    Field id = embed.target().field("id");
    return embed.cardinality() == Cardinality.MANY || id == null
        || !embed.targetKeySql().equals(id.sql());
  }

  private static String listTag(Embed embed) {
    return embed.owner().name() + "-" + embed.name();
  }

  private Resource resource(CacheKey key) {
    Resource resource = reachable().get(key.resource());
    if (resource == null) {
      throw new IllegalArgumentException("no row versions for resource '" + key.resource()
          + "': declare it (or a resource embedding it) in RowVersions.of");
    }
    return resource;
  }

  private static FieldMask mask(Resource resource, CacheKey key) {
    // A canonical mask from a request that passed the app's own limits: parsed within its own
    // size (each embed opens one parenthesis; a UTF-8 char takes at most 3 bytes).
    String text = key.mask();
    int opened = (int) text.chars().filter(c -> c == '(').count();
    return FieldMask.parse(resource, text,
        new FieldMaskOptions(opened, Math.max(1, 3 * text.length())));
  }

  private Map<String, Resource> reachable() {
    Map<String, Resource> byName = reachable;
    if (byName == null) {
      byName = new LinkedHashMap<>();
      Deque<Resource> pending = new ArrayDeque<>(declared);
      Set<Resource> seen = new LinkedHashSet<>();
      while (!pending.isEmpty()) {
        Resource r = pending.poll();
        if (!seen.add(r)) {
          continue;
        }
        Resource other = byName.putIfAbsent(r.name(), r);
        if (other != null) {
          throw new IllegalArgumentException("two resources are named '" + r.name()
              + "' (tables " + other.table() + " and " + r.table() + "): cache tags need "
              + "one resource per name");
        }
        check(r);
        r.embeds().forEach(e -> pending.add(e.target()));
      }
      reachable = Map.copyOf(byName);
    }
    return byName;
  }

  /** Throws unless the resource's keys can be tags. */
  private static void check(Resource resource) {
    Field id = resource.field("id");
    if (id != null) {
      taggable(resource.name() + ".id", id.type());
    }
    for (Embed embed : resource.embeds()) {
      taggable("the key of embed " + embed.qualifiedName(), embed.keyType());
    }
  }

  private static void taggable(String what, FieldType type) {
    if (type != FieldType.LONG && type != FieldType.INT && type != FieldType.UUID) {
      throw new IllegalArgumentException("row versions tag rows by key: " + what + " must be "
          + "LONG, INT or UUID, was " + type);
    }
  }

  private static Field idField(Resource resource) {
    Field id = resource.field("id");
    if (id == null) {
      throw new IllegalArgumentException("resource " + resource.name() + " has no id field to "
          + "read row versions by");
    }
    return id;
  }

  /**
   * The row id {@code key} names, as rows are matched (integer keys as Long, see
   * {@link Keys#normalize}), or {@code null} when it cannot be one (answered 404).
   */
  private static Object id(Resource resource, CacheKey key) {
    try {
      return idField(resource).type() == FieldType.UUID ? UUID.fromString(key.id())
          : Long.valueOf(key.id());
    } catch (IllegalArgumentException malformed) {
      return null;
    }
  }

  /** How many masks' statements are kept (at most {@link #MAX_KEPT_MASKS}). */
  int keptShapes() {
    return shapes.size();
  }

  /** The statement reading every version of the representation {@code key} names. */
  private Shape shape(Resource resource, CacheKey key) {
    String name = resource.name() + "|" + key.mask();
    Shape shape = shapes.get(name);
    if (shape == null) {
      FieldMask mask = mask(resource, key);
      shape = new Shape(new Builder(resource).build(mask), idField(resource).type(), sql, mask);
      if (shapes.size() < MAX_KEPT_MASKS) {
        shapes.put(name, shape);
      }
    }
    return shape;
  }

  /**
   * The statement of one mask, loading the version rows of many ids at once: the source of the
   * mask's lookups, one statement per mask in a batch.
   */
  private record Shape(String statement, FieldType idType, Sql sql, FieldMask mask)
      implements MaskedKey.Source<List<Row>> {

    @Override
    public Future<Map<Object, List<Row>>> load(List<Object> ids, FieldMask ignored) {
      return query(sql, ids).map(rows -> {
        Map<Object, List<Row>> byId = new HashMap<>();
        for (Row row : rows) {
          byId.computeIfAbsent(Keys.normalize(row.getValue("id")), k -> new ArrayList<>())
              .add(row);
        }
        return byId;
      });
    }

    /** The version rows of {@code ids}, read through {@code on}. */
    Future<RowSet<Row>> query(Sql on, List<Object> ids) {
      return on.query(statement, Tuple.of(Keys.array(idType, ids)));
    }
  }

  /**
   * The versions read for the row {@code id}, or 404 without its own: rows below a list start
   * from the list's rows, which may name an owner that does not exist, and a to-one embed of
   * the row's own resource may show its key ('' as the version of a row that does not exist).
   */
  private static Future<Map<String, String>> versions(CacheKey key, Object id,
      Iterable<Row> rows) {
    Map<String, String> versions = new HashMap<>();
    for (Row row : rows) {
      versions.put(row.getString("tag"), row.getString("v"));
    }
    String own = versions.get(key.resource() + ":" + id);
    return own == null || own.isEmpty()
        ? Future.failedFuture(notFound(key)) : Future.succeededFuture(versions);
  }

  private static Problem notFound(CacheKey key) {
    return ResourceReader.notFound(key.resource(), key.id());
  }

  /**
   * Builds one statement: a {@code UNION ALL} of one branch per row or list shown, each joining
   * from the requested rows ({@code v0.id = ANY($1)}) down to what it versions, each table under
   * its own alias ({@code v1}, {@code v2}...), since one resource may appear at several depths.
   */
  private static final class Builder {
    private final Resource root;
    private final String rootId;
    private final List<String> branches = new ArrayList<>();
    private int aliases;

    Builder(Resource root) {
      this.root = root;
      this.rootId = sqlOf(idField(root).sql(), root, ROOT);
    }

    /**
     * The rows a branch starts from: {@code from} under {@code where}, each naming the requested
     * row it belongs to as {@code id}.
     */
    private record Path(String id, String from, String where) {
      Path join(String table, String alias, String on) {
        return new Path(id, from + " JOIN " + table + " " + alias + " ON " + on, where);
      }
    }

    String build(FieldMask mask) {
      Path requested = new Path(rootId, root.table() + " " + ROOT, rootId + " = ANY($1)");
      branches.add("SELECT " + rootId + " AS id, '" + root.name() + ":' || (" + rootId + ")"
          + " AS tag, " + ROOT + ".xmin::text AS v FROM " + requested.from() + " WHERE "
          + requested.where());
      embeds(mask, ROOT, requested, false);
      return String.join(" UNION ALL ", branches);
    }

    /**
     * The branches of the embeds {@code mask} shows on the rows of {@code ownerAlias}, reached
     * by {@code path}; {@code throughList}: a to-many join lies on the way, so one requested row
     * reaches a row several times and branches drop the repeats (DISTINCT), which a path of
     * to-one joins alone does not need.
     */
    private void embeds(FieldMask mask, String ownerAlias, Path path, boolean throughList) {
      for (Embed embed : mask.embeds()) {
        Resource target = embed.target();
        String alias = "v" + (++aliases);
        String ownerKey = sqlOf(embed.keySql(), embed.owner(), ownerAlias);
        String targetKey = sqlOf(embed.targetKeySql(), target, alias);
        String on = targetKey + " = " + ownerKey;
        Path joined = path.join(target.table(), alias, on);
        boolean listed = listed(embed);
        if (listed) {
          list(embed, alias, ownerKey, on, path, throughList);
          if (ownerAlias.equals(ROOT) && ownerKey.equals(rootId)) {
            // The requested rows' own list: what lies below it starts from the list's rows,
            // which name their owner, without joining the requested rows again.
            joined = new Path(targetKey, target.table() + " " + alias, targetKey + " = ANY($1)");
          }
        } else {
          // Tagged by the key shown, whether a row has it or not: a row given that id later is
          // written under that tag, and its version ('' while absent) changes.
          branches.add("SELECT " + (throughList ? "DISTINCT " : "") + path.id() + " AS id, '"
              + target.name() + ":' || (" + ownerKey + ") AS tag, coalesce(" + alias
              + ".xmin::text, '') AS v FROM " + path.from() + " LEFT JOIN " + target.table()
              + " " + alias + " ON " + on + " WHERE " + path.where() + " AND " + ownerKey
              + " IS NOT NULL");
        }
        embeds(mask.sub(embed), alias, joined, throughList || listed);
      }
    }

    /**
     * A list's branch: one row per owner (an empty list too, so its first row invalidates it),
     * its version a digest of the list's rows by position and version, which changes when a row
     * changes, joins or leaves; ordered by position, unique among live rows.
     */
    private void list(Embed embed, String alias, String ownerKey, String on, Path path,
        boolean throughList) {
      String row = alias + ".ctid::text || '@' || " + alias + ".xmin::text";
      boolean ownRows = ownerKey.equals(path.id());
      branches.add("SELECT " + (throughList ? "DISTINCT " : "") + path.id() + " AS id, '"
          + listTag(embed) + ":' || (" + ownerKey + ") AS tag, md5(coalesce((SELECT string_agg("
          + row + ", ',' ORDER BY " + alias + ".ctid) FROM " + embed.target().table() + " "
          + alias + " WHERE " + on + "), '')) AS v FROM " + path.from() + " WHERE "
          + path.where() + (ownRows ? "" : " AND " + ownerKey + " IS NOT NULL"));
    }

    /** A declared SQL expression of {@code resource} under another alias. */
    private static String sqlOf(String declared, Resource resource, String alias) {
      return Columns.realias(declared, resource.aliasPattern(), alias);
    }
  }
}
