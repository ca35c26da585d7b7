package dev.brisk.endpoint;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import dev.brisk.cache.CacheKey;
import dev.brisk.cache.Validator;
import dev.brisk.fields.FieldMask;
import dev.brisk.fields.FieldType;
import dev.brisk.fields.Resource;
import dev.brisk.fields.ResourceReader;
import dev.brisk.http.CachedReads;
import dev.brisk.http.Reply;
import dev.brisk.http.Requests;
import dev.brisk.internal.Sha256;
import dev.brisk.page.PageRequest;
import dev.brisk.page.Sort;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The request handling of a {@link ResourceEndpoint}: parse, validate, read, reply. */
final class ResourceReads {

  static final Set<String> GET_PARAMS = Set.of("fields");
  private static final List<String> PAGE_PARAMS = List.of("sort", "limit", "cursor", "fields");

  private final Spec spec;
  private final ResourceReader reader;
  private final CachedReads cached;
  private final Set<String> listParams;
  private final Set<String> exportParams;

  ResourceReads(Spec spec) {
    this.spec = spec;
    this.reader = ResourceReader.create(spec.resource(), spec.db(), spec.pager())
        .withEmbedLimits(spec.embedLimits());
    this.cached = spec.versions() == null ? null
        : CachedReads.create(spec.cache(), variant(reader, spec.protobuf(), spec.pageProtobuf()),
            spec.embedLimits());
    Set<String> export = new HashSet<>(Set.of("fields"));
    spec.filters().forEach(f -> export.add(f.filter().name()));
    Set<String> list = new HashSet<>(export);
    if (spec.pager() != null) {
      // An export's sort needs the pager: its SSE event ids are signed positions.
      export.add("sort");
    }
    list.addAll(PAGE_PARAMS);
    this.exportParams = Set.copyOf(export);
    this.listParams = Set.copyOf(list);
  }

  ResourceReader reader() {
    return reader;
  }

  /**
   * What shapes the endpoint's cached bytes besides their keys, computed once: the reader's
   * fingerprint and the protobuf schema (the files of the messages and what they import).
   */
  static String variant(ResourceReader reader, Descriptor... messages) {
    ByteArrayOutputStream schema = new ByteArrayOutputStream();
    Set<FileDescriptor> seen = new HashSet<>();
    for (Descriptor message : messages) {
      if (message != null) {
        schema.writeBytes(message.getFullName().getBytes(StandardCharsets.UTF_8));
        files(message.getFile(), seen, schema);
      }
    }
    if (schema.size() == 0) {
      return reader.fingerprint();
    }
    schema.writeBytes(reader.fingerprint().getBytes(StandardCharsets.UTF_8));
    return Sha256.fingerprint(schema.toByteArray());
  }

  private static void files(FileDescriptor file, Set<FileDescriptor> seen,
      ByteArrayOutputStream out) {
    if (seen.add(file)) {
      out.writeBytes(file.toProto().toByteArray());
      file.getDependencies().forEach(d -> files(d, seen, out));
    }
  }

  Set<String> listParams() {
    return listParams;
  }

  Set<String> exportParams() {
    return exportParams;
  }

  /**
   * The field mask from {@code fields}, defaults when absent; given more than once, a 400
   * naming it, as every other parameter.
   */
  static FieldMask mask(MultiMap query, Resource resource) {
    return FieldMask.parse(resource, Requests.single(query, "fields"));
  }

  /** The rows a request selects; restrictions apply only when {@code ctx} is given. */
  Selection select(MultiMap query, RoutingContext ctx) {
    return Selection.of(query, ctx, spec.filters(), spec.restrictions());
  }

  /** {@code GET .../:id}. */
  // region by-id
  Future<Reply> one(RoutingContext ctx) {
    Requests.onlyParams(ctx.queryParams(), GET_PARAMS);
    Object id = pathId(ctx, spec.resource());
    FieldMask mask = mask(ctx.queryParams(), spec.resource());
    if (cached == null) {
      return reader.byId(mask, id).map(json -> spec.protobuf() == null ? Reply.ok(json)
          : Reply.ok(json).withProtobuf(spec.protobuf()));
    }
    CacheKey key = CacheKey.of(spec.resource().name(), id, mask.canonical());
    if (spec.rowVersion() != null && mask.embeds().isEmpty()) {
      // The row alone: one statement reads it with its version.
      String tag = spec.resource().name() + ":" + id;
      return cached.oneReadTogether(ctx, key,
          k -> reader.versionOf(id, spec.rowVersion()).map(v -> Validator.of(k, Map.of(tag, v))),
          k -> reader.byIdVersioned(mask, id, spec.rowVersion()).map(r -> new CachedReads.Loaded(
              r.json(), Validator.of(k, Map.of(tag, r.version())))), spec.protobuf());
    }
    return cached.one(ctx, key, spec.versions(), () -> reader.byId(mask, id), spec.protobuf());
  }
  // endregion by-id

  /** The path's {@code :id} as the resource's {@code id} field holds it: a UUID or a long. */
  static Object pathId(RoutingContext ctx, Resource resource) {
    return resource.field("id").type() == FieldType.UUID ? Requests.pathUuid(ctx, "id")
        : (Object) Requests.pathId(ctx, "id");
  }

  /** {@code GET ...}: one page of the list. */
  Future<Reply> page(RoutingContext ctx) {
    MultiMap query = ctx.queryParams();
    Requests.onlyParams(query, listParams);
    FieldMask mask = mask(query, spec.resource());
    Selection selection = select(query, ctx);
    Sort sort = Sort.select(Requests.single(query, "sort"), spec.sorts());
    PageRequest page = spec.pager().parse(ctx, sort, selection.bound());
    return readPage(ctx, mask, selection, page);
  }

  /** The SQL {@link #page} would read for {@code query}, restrictions left out. */
  ResourceReader.Statement statement(MultiMap query) {
    Requests.onlyParams(query, listParams);
    Selection selection = select(query, null);
    Sort sort = Sort.select(Requests.single(query, "sort"), spec.sorts());
    PageRequest page = spec.pager().parse(query, sort, selection.bound());
    return reader.pageStatement(mask(query, spec.resource()), selection.where(),
        page);
  }

  /** Every list read goes through here: the one place a list-page cache plugs in. */
  private Future<Reply> readPage(RoutingContext ctx, FieldMask mask, Selection selection,
      PageRequest page) {
    if (spec.cachePages()) {
      return cached.page(ctx, mask, selection.restrictions(),
          () -> reader.page(mask, selection.where(), page), spec.pageProtobuf());
    }
    return reader.page(mask, selection.where(), page).map(result -> Reply.page(result,
        ctx.normalizedPath(), ctx.queryParams(), spec.pageProtobuf()));
  }
}
