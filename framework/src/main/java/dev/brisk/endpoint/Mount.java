package dev.brisk.endpoint;

import dev.brisk.auth.Access;
import dev.brisk.cache.CachePolicy;
import dev.brisk.http.OperationDoc;
import dev.brisk.http.ParameterDoc;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import java.util.function.Function;

/**
 * Where and how one operation of a {@link ResourceEndpoint} is served: its path, its access, its
 * cache policy (for {@code get} and {@code list}), what the generated API description says
 * about it beyond what the endpoint derives, and an optional check that runs beside the read.
 *
 * <p>{@code Mount.at("/api/products/:id", Access.open()).withPolicy(CATALOG)
 * .withSummary("One product")}
 *
 * @param path the route template ({@code :id} for {@code get})
 * @param access who may call it
 * @param policy the {@code Cache-Control} of successful replies, or {@code null} for
 *     {@code no-cache}
 * @param doc the summary, description and path parameters; query parameters and response are
 *     added by the endpoint
 * @param check runs concurrently with a {@code get} or {@code list} read, and before an export
 *     opens its cursor; when its future fails, that failure is the answer (e.g. a 404 for a
 *     parent that does not exist), or {@code null}
 */
public record Mount(String path, Access access, CachePolicy policy, OperationDoc doc,
    Function<RoutingContext, Future<?>> check) {

  public Mount {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(access, "access");
    doc = doc == null ? OperationDoc.NONE : doc;
  }

  /** {@code path} guarded by {@code access}, with no cache policy and no check. */
  public static Mount at(String path, Access access) {
    return new Mount(path, access, null, OperationDoc.NONE, null);
  }

  /** This mount with successful replies cached by {@code cachePolicy}. */
  public Mount withPolicy(CachePolicy cachePolicy) {
    return new Mount(path, access, cachePolicy, doc, check);
  }

  /** This mount summarised by one line in the generated API description. */
  public Mount withSummary(String summary) {
    return new Mount(path, access, policy, doc.withSummary(summary), check);
  }

  /** This mount described at length (CommonMark) in the generated API description. */
  public Mount withDescription(String description) {
    return new Mount(path, access, policy, doc.withDescription(description), check);
  }

  /**
   * This mount with its path parameters typed in the generated API description, such as
   * {@code Requests.pathIdDoc("id", "The user's id")}.
   */
  public Mount withPath(ParameterDoc... parameters) {
    return new Mount(path, access, policy, doc.withPath(parameters), check);
  }

  /** This mount with {@code fn} run beside each read; see {@link #check()}. */
  public Mount withCheck(Function<RoutingContext, Future<?>> fn) {
    return new Mount(path, access, policy, doc, fn);
  }
}
