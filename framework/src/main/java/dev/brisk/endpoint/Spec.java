package dev.brisk.endpoint;

import com.google.protobuf.Descriptors.Descriptor;
import dev.brisk.cache.Cache;
import dev.brisk.cache.CacheKey;
import dev.brisk.cache.Validator;
import dev.brisk.db.CursorOptions;
import dev.brisk.db.Db;
import dev.brisk.fields.EmbedLimits;
import dev.brisk.fields.Resource;
import dev.brisk.page.Pager;
import dev.brisk.page.Sort;
import dev.brisk.stream.Streamer;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Function;

/** A resource endpoint's declaration, validated and frozen by its builder. */
record Spec(Resource resource, Db db, Pager pager, List<Selection.Bound> filters,
    List<Selection.Restriction> restrictions, List<Sort> sorts, Descriptor protobuf,
    Descriptor pageProtobuf, Cache cache, Function<CacheKey, Future<Validator>> versions,
    boolean cachePages, EmbedLimits embedLimits, Streamer streamer, CursorOptions cursor,
    String rowVersion) {

  Spec {
    filters = List.copyOf(filters);
    restrictions = List.copyOf(restrictions);
    sorts = List.copyOf(sorts);
  }
}
