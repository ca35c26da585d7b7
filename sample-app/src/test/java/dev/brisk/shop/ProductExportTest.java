package dev.brisk.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.shop.proto.Product;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code GET /api/products/export}: every format carries exactly the table, in id order. */
class ProductExportTest {

  /** id, sku, price_cents and stock of one product, as the table or an export has it. */
  record Line(long id, String sku, long priceCents, int stock) {
    static Line of(JsonObject json) {
      return new Line(json.getLong("id"), json.getString("sku"), json.getLong("price_cents"),
          json.getInteger("stock"));
    }
  }

  private static List<Line> table(String where) {
    List<Line> lines = new ArrayList<>();
    for (Row row : TestShop.sql("SELECT id, sku, price_cents, stock FROM products WHERE "
        + where + " ORDER BY id")) {
      lines.add(new Line(row.getLong(0), row.getString(1), row.getLong(2), row.getInteger(3)));
    }
    return lines;
  }

  @Test
  void ndjson_export_equals_the_table() {
    HttpResponse<Buffer> r = Http.get("/api/products/export");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/x-ndjson");
    List<Line> lines = r.bodyAsString().lines().map(l -> Line.of(new JsonObject(l))).toList();
    assertThat(lines).hasSizeGreaterThanOrEqualTo(10_000).isEqualTo(table("TRUE"));
  }

  @Test
  void json_array_export_equals_the_table() {
    HttpResponse<Buffer> r = Http.get("/api/products/export", "Accept", "application/json");

    assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
    JsonArray array = new JsonArray(r.bodyAsString());
    List<Line> lines = new ArrayList<>();
    array.forEach(o -> lines.add(Line.of((JsonObject) o)));
    assertThat(lines).hasSizeGreaterThanOrEqualTo(10_000).isEqualTo(table("TRUE"));
  }

  @Test
  void sse_export_equals_the_table_with_ids_and_an_end_event() {
    HttpResponse<Buffer> r = Http.get("/api/products/export", "Accept", "text/event-stream");

    assertThat(r.getHeader("Content-Type")).isEqualTo("text/event-stream");
    List<Line> lines = new ArrayList<>();
    String[] records = r.bodyAsString().split("\n\n");
    assertThat(records[0]).startsWith("retry: ");
    for (int i = 1; i < records.length - 1; i++) {
      String[] fields = records[i].split("\n");
      Line line = Line.of(new JsonObject(fields[2].substring("data: ".length())));
      assertThat(fields[0]).isEqualTo("id: " + line.id());
      assertThat(fields[1]).isEqualTo("event: product");
      lines.add(line);
    }
    assertThat(lines).hasSizeGreaterThanOrEqualTo(10_000).isEqualTo(table("TRUE"));
    assertThat(records[records.length - 1]).isEqualTo("event: end\ndata: {\"count\":"
        + lines.size() + "}");
  }

  @Test
  void protobuf_export_equals_the_table() throws IOException {
    HttpResponse<Buffer> r = Http.get("/api/products/export", "Accept",
        "application/x-protobuf");

    assertThat(r.getHeader("Content-Type")).isEqualTo("application/x-protobuf");
    ByteArrayInputStream in = new ByteArrayInputStream(r.body().getBytes());
    List<Line> lines = new ArrayList<>();
    Product p;
    while ((p = Product.parseDelimitedFrom(in)) != null) {
      assertThat(p.hasCategory()).isFalse();
      assertThat(p.getCreatedAt()).endsWith("Z");
      lines.add(new Line(p.getId(), p.getSku(), p.getPriceCents(), p.getStock()));
    }
    assertThat(lines).hasSizeGreaterThanOrEqualTo(10_000).isEqualTo(table("TRUE"));
  }

  @Test
  void filters_and_fields_apply_to_every_row() {
    HttpResponse<Buffer> r = Http.get("/api/products/export?category_id=3&min_price_cents=1000"
        + "&fields=sku,price_cents");

    List<JsonObject> rows = r.bodyAsString().lines().map(JsonObject::new).toList();
    List<String> expected = table("category_id = 3 AND price_cents >= 1000").stream()
        .map(Line::sku).toList();
    assertThat(rows).isNotEmpty();
    assertThat(rows).allSatisfy(row -> assertThat(row.fieldNames())
        .containsExactlyInAnyOrder("sku", "price_cents"));
    assertThat(rows.stream().map(row -> row.getString("sku")).toList()).isEqualTo(expected);
  }

  @Test
  void protobuf_export_sets_only_selected_fields() throws IOException {
    HttpResponse<Buffer> r = Http.get("/api/products/export?category_id=4&fields=id,name",
        "Accept", "application/x-protobuf");

    Product first = Product.parseDelimitedFrom(new ByteArrayInputStream(r.body().getBytes()));
    assertThat(first.hasId()).isTrue();
    assertThat(first.hasName()).isTrue();
    assertThat(first.hasSku()).isFalse();
    assertThat(first.hasPriceCents()).isFalse();
  }

  @Test
  void sse_reconnect_with_last_event_id_resumes_after_that_product() {
    List<Line> all = table("TRUE");
    long resumeAfter = all.get(all.size() - 25).id();

    HttpResponse<Buffer> r = Http.get("/api/products/export", "Accept", "text/event-stream",
        "Last-Event-ID", Long.toString(resumeAfter));

    List<Long> ids = new ArrayList<>();
    for (String record : r.bodyAsString().split("\n\n")) {
      if (record.startsWith("id: ")) {
        ids.add(Long.parseLong(record.substring(4, record.indexOf('\n'))));
      }
    }
    assertThat(ids).isEqualTo(all.subList(all.size() - 24, all.size()).stream()
        .map(Line::id).toList());
  }

  @Test
  void malformed_last_event_id_is_400() {
    HttpResponse<Buffer> r = Http.get("/api/products/export", "Accept", "text/event-stream",
        "Last-Event-ID", "abc");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
  }

  @Test
  void unsupported_accept_is_406_and_unknown_parameter_400() {
    assertThat(Http.get("/api/products/export", "Accept", "text/csv").statusCode())
        .isEqualTo(406);
    assertThat(Http.get("/api/products/export?limit=5").statusCode()).isEqualTo(400);
    assertThat(Http.get("/api/products/export?sort=price").statusCode()).isEqualTo(400);
  }

  @Test
  void sorted_export_streams_by_price_then_id_and_resumes_from_its_event_ids() {
    String export = "/api/products/export?category_id=3&sort=-price_cents"
        + "&fields=id,price_cents,category(name)";
    List<JsonObject> rows = Http.get(export).bodyAsString().lines().map(JsonObject::new)
        .toList();
    assertThat(rows).hasSizeGreaterThan(3);
    for (int i = 1; i < rows.size(); i++) {
      JsonObject before = rows.get(i - 1);
      JsonObject row = rows.get(i);
      assertThat(before.getLong("price_cents") > row.getLong("price_cents")
          || before.getLong("price_cents").equals(row.getLong("price_cents"))
          && before.getLong("id") > row.getLong("id")).as(before + " then " + row).isTrue();
    }
    String sse = Http.get(export, "Accept", "text/event-stream").bodyAsString();
    String third = sse.lines().filter(l -> l.startsWith("id: ")).skip(2).findFirst()
        .orElseThrow().substring(4);
    String resumed = Http.get(export, "Accept", "text/event-stream", "Last-Event-ID", third)
        .bodyAsString();
    assertThat(Arrays.stream(resumed.split("\n\n")).filter(e -> e.contains("event: product\n"))
        .map(e -> new JsonObject(e.substring(e.indexOf("data: ") + 6))).toList())
        .isEqualTo(rows.subList(3, rows.size()));
    assertThat(resumed).contains("event: end");
  }

  @Test
  void export_is_not_mistaken_for_a_product_id() {
    HttpResponse<Buffer> r = Http.get("/api/products/export?category_id=1&fields=id");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Server-Timing")).contains("db;dur=");
  }
}
