package dev.brisk.peer.quarkus;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The two product endpoints with the same SQL as the raw Vert.x baseline
 * ({@code dev.brisk.load.baseline}): one row by primary key, and a keyset page ordered by
 * {@code (price_cents, id)} reading {@code limit + 1} rows. The methods return {@link Uni}, so
 * Quarkus REST runs them on the Vert.x event loop (no worker-thread hop).
 */
@Path("/api/products")
@Produces(MediaType.APPLICATION_JSON)
public class ProductResource {

  static final String COLUMNS = "id, sku, name, description, price_cents, stock, category_id, "
      + "created_at, updated_at";
  static final String BY_ID = "SELECT " + COLUMNS + " FROM products WHERE id = $1";
  static final String FIRST = "SELECT " + COLUMNS
      + " FROM products ORDER BY price_cents, id LIMIT $1";
  static final String AFTER = "SELECT " + COLUMNS
      + " FROM products WHERE (price_cents, id) > ($1, $2) ORDER BY price_cents, id LIMIT $3";

  @Inject
  Pool client;

  /** {@code GET /api/products/{id}}: the product, 404 when absent, 400 on a bad id. */
  @GET
  @Path("/{id}")
  public Uni<Product> one(@RestPath String id) {
    long key;
    try {
      key = Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw new Problem(400, "id must be an integer");
    }
    return client.preparedQuery(BY_ID).execute(Tuple.of(key)).map(rows -> {
      if (rows.size() == 0) {
        throw new Problem(404, "No product " + key);
      }
      return Product.of(rows.iterator().next());
    });
  }

  /** {@code GET /api/products?sort=price_cents&limit=20&cursor=...}: one keyset page. */
  @GET
  public Uni<RestResponse<ProductPage>> page(@RestQuery String sort, @RestQuery String limit,
      @RestQuery String cursor) {
    if (sort != null && !"price_cents".equals(sort)) {
      throw new Problem(400, "sort must be price_cents");
    }
    int size = Cursors.limit(limit);
    Uni<RowSet<Row>> rows;
    if (cursor == null) {
      rows = client.preparedQuery(FIRST).execute(Tuple.of(size + 1));
    } else {
      long[] after = Cursors.decode(cursor, 2);
      rows = client.preparedQuery(AFTER).execute(Tuple.of(after[0], after[1], size + 1));
    }
    return rows.map(r -> page(r, size));
  }

  private static RestResponse<ProductPage> page(RowSet<Row> rows, int limit) {
    List<Product> data = new ArrayList<>(Math.min(rows.size(), limit));
    for (Row row : rows) {
      if (data.size() == limit) {
        break;
      }
      data.add(Product.of(row));
    }
    boolean more = rows.size() > limit;
    String next = null;
    if (more) {
      Product last = data.get(data.size() - 1);
      next = Cursors.encode(last.priceCents(), last.id());
    }
    RestResponse.ResponseBuilder<ProductPage> ok = RestResponse.ResponseBuilder.ok(
        new ProductPage(data, new PageInfo(limit, next, null, more)));
    if (next != null) {
      ok.header("Link", "</api/products?sort=price_cents&limit=" + limit + "&cursor=" + next
          + ">; rel=\"next\"");
    }
    return ok.build();
  }
}
