package dev.brisk.peer.webflux;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The two product endpoints with the same SQL as the raw Vert.x baseline
 * ({@code dev.brisk.load.baseline}): one row by primary key, and a keyset page ordered by
 * {@code (price_cents, id)} reading {@code limit + 1} rows. Runs on Reactor Netty event loops.
 */
@Component
public class ProductHandler {

  static final String COLUMNS = "id, sku, name, description, price_cents, stock, category_id, "
      + "created_at, updated_at";
  private static final String BY_ID = "SELECT " + COLUMNS + " FROM products WHERE id = $1";
  private static final String FIRST = "SELECT " + COLUMNS
      + " FROM products ORDER BY price_cents, id LIMIT $1";
  private static final String AFTER = "SELECT " + COLUMNS
      + " FROM products WHERE (price_cents, id) > ($1, $2) ORDER BY price_cents, id LIMIT $3";

  private final DatabaseClient db;

  /** Created by Spring with the auto-configured R2DBC pool. */
  public ProductHandler(DatabaseClient db) {
    this.db = db;
  }

  /** {@code GET /api/products/{id}}: 200 with the product, 404 when absent, 400 on a bad id. */
  public Mono<ServerResponse> one(ServerRequest request) {
    long id;
    try {
      id = Long.parseLong(request.pathVariable("id"));
    } catch (NumberFormatException e) {
      return problem(HttpStatus.BAD_REQUEST, "id must be an integer");
    }
    return db.sql(BY_ID).bind(0, id).map((row, meta) -> product(row)).one()
        .flatMap(p -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(p))
        .switchIfEmpty(problem(HttpStatus.NOT_FOUND, "No product " + id));
  }

  /** {@code GET /api/products?sort=price_cents&limit=20&cursor=...}: one keyset page. */
  public Mono<ServerResponse> page(ServerRequest request) {
    String sort = request.queryParam("sort").orElse("price_cents");
    int limit;
    try {
      limit = Integer.parseInt(request.queryParam("limit").orElse("20"));
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (!"price_cents".equals(sort) || limit < 1 || limit > 100) {
      return problem(HttpStatus.BAD_REQUEST, "sort must be price_cents and limit 1..100");
    }
    int size = limit;
    DatabaseClient.GenericExecuteSpec spec = request.queryParam("cursor")
        .map(c -> after(c, size)).orElseGet(() -> db.sql(FIRST).bind(0, size + 1));
    return spec.map((row, meta) -> product(row)).all().collectList()
        .flatMap(rows -> pageResponse(rows, size))
        .onErrorResume(IllegalArgumentException.class,
            e -> problem(HttpStatus.BAD_REQUEST, "invalid cursor"));
  }

  private DatabaseClient.GenericExecuteSpec after(String cursor, int limit) {
    String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8)
        .split(":", 2);
    if (parts.length != 2) {
      throw new IllegalArgumentException("cursor");
    }
    return db.sql(AFTER).bind(0, Long.parseLong(parts[0])).bind(1, Long.parseLong(parts[1]))
        .bind(2, limit + 1);
  }

  private Mono<ServerResponse> pageResponse(List<Map<String, Object>> rows, int limit) {
    boolean more = rows.size() > limit;
    List<Map<String, Object>> data = more ? rows.subList(0, limit) : rows;
    String next = null;
    if (more) {
      Map<String, Object> last = data.get(data.size() - 1);
      next = Base64.getUrlEncoder().withoutPadding().encodeToString(
          (last.get("price_cents") + ":" + last.get("id")).getBytes(StandardCharsets.UTF_8));
    }
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("limit", limit);
    page.put("next_cursor", next);
    page.put("prev_cursor", null);
    page.put("has_more", more);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("data", data);
    body.put("page", page);
    ServerResponse.BodyBuilder ok = ServerResponse.ok().contentType(MediaType.APPLICATION_JSON);
    if (next != null) {
      ok.header("Link", "</api/products?sort=price_cents&limit=" + limit + "&cursor=" + next
          + ">; rel=\"next\"");
    }
    return ok.bodyValue(body);
  }

  private static Map<String, Object> product(io.r2dbc.spi.Readable row) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("id", row.get("id", Long.class));
    p.put("sku", row.get("sku", String.class));
    p.put("name", row.get("name", String.class));
    p.put("description", row.get("description", String.class));
    p.put("price_cents", row.get("price_cents", Long.class));
    p.put("stock", row.get("stock", Integer.class));
    p.put("category_id", row.get("category_id", Long.class));
    p.put("created_at", instant(row.get("created_at", OffsetDateTime.class)));
    p.put("updated_at", instant(row.get("updated_at", OffsetDateTime.class)));
    return p;
  }

  private static String instant(OffsetDateTime t) {
    return t == null ? null : DateTimeFormatter.ISO_INSTANT.format(t);
  }

  private static Mono<ServerResponse> problem(HttpStatus status, String detail) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", status.getReasonPhrase());
    body.put("status", status.value());
    body.put("detail", detail);
    return ServerResponse.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .bodyValue(body);
  }
}
