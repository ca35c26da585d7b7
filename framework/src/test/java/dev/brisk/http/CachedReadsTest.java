package dev.brisk.http;

import static dev.brisk.fields.FieldType.LONG;
import static dev.brisk.fields.FieldType.TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.cache.CacheKey;
import dev.brisk.fields.FieldMask;
import dev.brisk.fields.Resource;
import org.junit.jupiter.api.Test;

/** What cached pages depend on: the tags that writes to their resources invalidate. */
class CachedReadsTest {

  private static final Resource CATEGORY = Resource.builder("category", "categories", "c")
      .field("id", "c.id", LONG).field("name", "c.name", TEXT).build();
  private static final Resource PRODUCT = Resource.builder("product", "products", "p")
      .field("id", "p.id", LONG).field("category_id", "p.category_id", LONG)
      .embedOne("category", "category_id", CATEGORY).build();
  private static final Resource ITEM = Resource.builder("item", "order_items", "i")
      .field("order_id", "i.order_id", LONG).field("product_id", "i.product_id", LONG)
      .embedOne("product", "product_id", PRODUCT).build();
  private static final Resource ORDER = Resource.builder("order", "orders", "o")
      .field("id", "o.id", LONG).embedMany("items", ITEM, "order_id").build();

  @Test
  void page_tags_name_the_listed_resource_and_every_embedded_one() {
    assertThat(CachedReads.pagesTags(FieldMask.parse(ORDER,
        "id,items(product(category(name)))")))
        .containsExactly("pages:category", "pages:item", "pages:order", "pages:product");
    assertThat(CachedReads.pagesTags(FieldMask.parse(PRODUCT, "id")))
        .containsExactly("pages:product");
    assertThat(CacheKey.pagesTag("product")).isEqualTo("pages:product");
  }
}
