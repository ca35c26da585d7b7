package dev.brisk.fields;

import static dev.brisk.fields.Shop.CATEGORY;
import static dev.brisk.fields.Shop.ORDER;
import static dev.brisk.fields.Shop.ORDER_ITEM;
import static dev.brisk.fields.Shop.PRODUCT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.db.Sql;
import dev.brisk.problem.Problem;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceTest {

  private static String projection(Resource resource, String fields) {
    return FieldMask.parse(resource, fields).projection();
  }

  @Test
  void projection_reads_selected_columns_plus_keys_of_selected_embeds() {
    assertThat(projection(PRODUCT, "name,category(name)")).isEqualTo("p.name, p.category_id");
    assertThat(projection(PRODUCT, "category(name),name")).isEqualTo("p.name, p.category_id");
    assertThat(projection(PRODUCT, "name")).isEqualTo("p.name");
    assertThat(projection(PRODUCT, "category")).isEqualTo("p.category_id");
  }

  @Test
  void projection_fetches_a_selected_key_once() {
    assertThat(projection(PRODUCT, "category_id,category.name")).isEqualTo("p.category_id");
  }

  @Test
  void to_many_embeds_need_the_owner_id() {
    assertThat(projection(ORDER, "status,items(quantity)")).isEqualTo("o.status, o.id");
    assertThat(projection(ORDER, "id,items(quantity)")).isEqualTo("o.id");
    FieldMask items = FieldMask.parse(ORDER, "items(quantity,product(name))")
        .sub(ORDER.embed("items"));
    assertThat(items.projection()).isEqualTo("i.quantity, i.product_id");
  }

  @Test
  void projection_labels_expressions_and_renamed_columns() {
    assertThat(projection(PRODUCT, "weight_kg,name_upper"))
        .isEqualTo("p.weight AS weight_kg, upper(p.name) AS name_upper");
  }

  @Test
  void projection_takes_another_alias_or_none() {
    FieldMask mask = FieldMask.parse(PRODUCT, "name,name_upper,category(name)");
    assertThat(mask.projection("x"))
        .isEqualTo("x.name, upper(x.name) AS name_upper, x.category_id");
    assertThat(mask.projection(""))
        .isEqualTo("name, upper(name) AS name_upper, category_id");
    assertThat(mask.projection("p")).isEqualTo(mask.projection());
    assertThatThrownBy(() -> mask.projection("x; DROP TABLE products"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void realiasing_leaves_other_qualified_names_alone() {
    Resource resource = Resource.builder("thing", "things", "t")
        .field("a", "t.a", FieldType.TEXT)
        .field("b", "coalesce(t.b, lt.b)", FieldType.TEXT)
        .build();
    assertThat(resource.defaults().projection("z"))
        .isEqualTo("z.a, coalesce(z.b, lt.b) AS b");
  }

  @Test
  void bare_column_names_are_qualified_with_the_alias() {
    assertThat(CATEGORY.field("slug").sql()).isEqualTo("c.slug");
    assertThat(CATEGORY.field("name").sql()).isEqualTo("c.name");
    assertThat(PRODUCT.field("name_upper").sql()).isEqualTo("upper(p.name)");
  }

  @Test
  void declaration_is_exposed_in_order() {
    assertThat(CATEGORY.fields()).extracting(Field::name).containsExactly("id", "name", "slug");
    assertThat(CATEGORY.fields()).extracting(Field::isDefault).containsExactly(true, true, false);
    Embed category = PRODUCT.embed("category");
    assertThat(category.qualifiedName()).isEqualTo("product.category");
    assertThat(category.cardinality()).isEqualTo(Cardinality.ONE);
    assertThat(category.keyColumn()).isEqualTo("category_id");
    assertThat(category.targetKeySql()).isEqualTo("c.id");
    assertThat(category.isDefault()).isFalse();
    Embed items = ORDER.embed("items");
    assertThat(items.cardinality()).isEqualTo(Cardinality.MANY);
    assertThat(items.keyColumn()).isEqualTo("id");
    assertThat(items.targetKeySql()).isEqualTo("i.order_id");
    assertThat(items.target()).isSameAs(ORDER_ITEM);
    assertThat(PRODUCT.field("category")).isNull();
    assertThat(PRODUCT.embed("name")).isNull();
  }

  @Test
  void undeclared_key_columns_are_fetched_under_their_own_name() {
    Resource review = Resource.builder("review", "reviews", "r")
        .field("id", "r.id", FieldType.LONG)
        .embedOne("product", "product_id", PRODUCT)
        .build();
    assertThat(review.embed("product").keyType()).isEqualTo(FieldType.LONG);
    assertThat(FieldMask.parse(review, "id,product(name)").projection())
        .isEqualTo("r.id, r.product_id");
    assertThatThrownBy(() -> FieldMask.parse(review, "product_id"))
        .isInstanceOf(Problem.class).hasMessageStartingWith("unknown field 'product_id'");
  }

  @Test
  void builder_rejects_bad_declarations() {
    assertThatThrownBy(() -> Resource.builder("x", "xs", "x").field("id", "x.id", FieldType.LONG)
        .field("id", "x.id2", FieldType.LONG).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'id' twice");
    assertThatThrownBy(() -> Resource.builder("x", "xs", "x")
        .field("id", "x.id", FieldType.LONG, Inclusion.ON_REQUEST).build())
        .hasMessageContaining("needs a default field");
    assertThatThrownBy(() -> Resource.builder("x", "xs", "x").field("Id", "x.id", FieldType.LONG))
        .hasMessageContaining("field name must match");
    assertThatThrownBy(() -> Resource.builder("x", "xs; --", "x"))
        .hasMessageContaining("table must be");
    assertThatThrownBy(() -> Resource.builder("x", "xs", "x y"))
        .hasMessageContaining("alias must match");
    assertThatThrownBy(() -> Resource.builder("x", "xs", "x").field("id", " ", FieldType.LONG))
        .hasMessageContaining("must not be blank");
    assertThatThrownBy(() -> Resource.builder("x", "xs", "x").field("id", "x.id", FieldType.LONG)
        .embedOne("category", "category_id", CATEGORY).embedOne("category", "c2", CATEGORY)
        .build())
        .hasMessageContaining("'category' twice");
  }

  @Test
  void sql_loader_rejects_keys_it_cannot_bind() {
    Resource flags = Resource.builder("flag", "flags", "f").field("on", "f.on", FieldType.BOOL)
        .build();
    Resource owner = Resource.builder("owner", "owners", "o").field("id", "o.id", FieldType.LONG)
        .field("on", "o.on", FieldType.BOOL)
        .embed("flag", Cardinality.ONE, "on", flags, "on", Inclusion.ON_REQUEST)
        .build();
    Sql unused = new Sql() {
      @Override
      public Future<RowSet<Row>> query(String sql, Tuple params) {
        return Future.failedFuture("unused");
      }

      @Override
      public Future<RowSet<Row>> batch(String sql, List<Tuple> batch) {
        return Future.failedFuture("unused");
      }
    };
    assertThatThrownBy(() -> EmbedLoader.sql(owner.embed("flag"), unused, embed -> null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("owner.flag has BOOL");
  }
}
