package dev.brisk.fields;

import static dev.brisk.fields.Shop.PRODUCT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON writer against real PostgreSQL rows. */
class RowJsonTest {

  private static Row product(FieldMask mask, long id) {
    return ShopDb.rows("SELECT " + mask.projection() + " FROM products p WHERE p.id = $1", id)
        .get(0);
  }

  private static JsonObject json(String fields, long id) {
    FieldMask mask = FieldMask.parse(PRODUCT, fields);
    return mask.toJson(product(mask, id));
  }

  @Test
  void writes_exactly_the_selected_fields_in_declaration_order() {
    assertThat(json("created_at,name,id", 1).encode())
        .isEqualTo("{\"id\":1,\"name\":\"Product 1\",\"created_at\":\"2026-01-03T03:04:05Z\"}");
  }

  @Test
  void writes_id_only_when_selected() {
    assertThat(json("name", 1).encode()).isEqualTo("{\"name\":\"Product 1\"}");
  }

  @Test
  void key_columns_read_for_embeds_are_not_written() {
    FieldMask mask = FieldMask.parse(PRODUCT, "name,category(name)");
    Row row = product(mask, 3);
    assertThat(row.getColumnIndex("category_id")).isNotNegative();
    assertThat(mask.toJson(row).encode()).isEqualTo("{\"name\":\"Product 3\",\"category\":null}");
  }

  @Test
  void writes_each_type_as_json() {
    assertThat(json("description,price_cents,stock,active,weight_kg,attributes,name_upper", 2)
        .encode()).isEqualTo("{\"description\":\"Even product\",\"price_cents\":200,"
            + "\"stock\":1002,\"active\":false,\"weight_kg\":0.500,"
            + "\"attributes\":{\"rank\":2,\"tags\":[\"a\",\"b\"]},\"name_upper\":\"PRODUCT 2\"}");
  }

  @Test
  void writes_sql_nulls_as_json_nulls() {
    JsonObject json = json("description,category_id", 29);
    assertThat(json.encode()).isEqualTo("{\"description\":null,\"category_id\":5}");
    assertThat(json("category_id", 30).encode()).isEqualTo("{\"category_id\":null}");
  }

  @Test
  void visits_selected_fields_with_typed_values() {
    FieldMask mask = FieldMask.parse(PRODUCT, "stock,weight_kg,created_at,id");
    List<Object> seen = new ArrayList<>();
    mask.forEachValue(product(mask, 4), (field, value) -> {
      seen.add(field.name());
      seen.add(value);
    });
    assertThat(seen).containsExactly("id", 4L, "stock", 1004, "weight_kg",
        new BigDecimal("1.000"), "created_at", Instant.parse("2026-01-06T03:04:05Z"));
  }

  @Test
  void reads_other_postgres_types() {
    Resource odd = Resource.builder("odd", "products", "p")
        .field("at", "timestamp '2026-01-02 03:04:05.5'", FieldType.TIMESTAMP)
        .field("day", "date '2026-01-02'", FieldType.DATE)
        .field("ratio", "1.5::float8", FieldType.DOUBLE)
        .field("small", "7::int2", FieldType.INT)
        .field("big", "p.stock", FieldType.LONG)
        .field("ref", "'00000000-0000-0000-0000-00000000002a'::uuid", FieldType.UUID)
        .field("nan", "'NaN'::numeric", FieldType.NUMERIC)
        .field("none", "'null'::jsonb", FieldType.JSON)
        .field("list", "'[1,2]'::jsonb", FieldType.JSON)
        .field("label", "p.id", FieldType.TEXT)
        .build();
    Row row = ShopDb.rows("SELECT " + odd.defaults().projection() + " FROM products p"
        + " WHERE p.id = 1").get(0);
    JsonObject json = odd.defaults().toJson(row);
    assertThat(json.encode()).isEqualTo("{\"at\":\"2026-01-02T03:04:05.500Z\","
        + "\"day\":\"2026-01-02\",\"ratio\":1.5,\"small\":7,\"big\":1001,"
        + "\"ref\":\"00000000-0000-0000-0000-00000000002a\",\"nan\":null,\"none\":null,"
        + "\"list\":[1,2],\"label\":\"1\"}");
    assertThat(json.getValue("list")).isInstanceOf(JsonArray.class);
    assertThat(json.getValue("big")).isEqualTo(1001L);
  }

  @Test
  void rejects_rows_that_lack_a_selected_column() {
    Row narrow = product(FieldMask.parse(PRODUCT, "name"), 1);
    FieldMask wide = FieldMask.parse(PRODUCT, "id,name");
    assertThatThrownBy(() -> wide.toJson(narrow)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("row has no column 'id'");
  }

  @Test
  void reads_rows_selected_under_another_alias() {
    FieldMask mask = FieldMask.parse(PRODUCT, "name_upper,price_cents");
    Row row = ShopDb.rows("SELECT " + mask.projection("prod") + " FROM products prod"
        + " WHERE prod.id = 5").get(0);
    assertThat(mask.toJson(row).encode())
        .isEqualTo("{\"price_cents\":500,\"name_upper\":\"PRODUCT 5\"}");
  }
}
