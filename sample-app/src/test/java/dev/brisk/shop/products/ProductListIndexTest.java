package dev.brisk.shop.products;

import static dev.brisk.shop.ShopResources.PRODUCT;

import dev.brisk.fields.FieldMask;
import dev.brisk.fields.ResourceReader;
import dev.brisk.page.PageOptions;
import dev.brisk.page.Pager;
import dev.brisk.page.Sort;
import dev.brisk.shop.Explain;
import dev.brisk.shop.TestShop;
import org.junit.jupiter.api.Test;

/** Each product list shape is an index scan on the small dataset (checked with EXPLAIN). */
class ProductListIndexTest {

  private final Pager pager = Pager.create(PageOptions.defaults());
  private final ResourceReader reader = ResourceReader.create(PRODUCT, TestShop.db(), pager);

  private void check(ProductsApi.Filter filter, String sort, String fields) {
    Sort chosen = Sort.select(sort, ProductsApi.SORTS);
    var request = pager.parse(Explain.query("limit=20"), chosen, filter.canonical());
    Explain.assertIndexScan(reader.pageStatement(FieldMask.parse(PRODUCT, fields),
        filter.where(), request), filter + " sort=" + sort);
  }

  @Test
  void every_sort_and_filter_reads_an_index() {
    ProductsApi.Filter none = new ProductsApi.Filter(null, null, null, null);
    for (Sort sort : ProductsApi.SORTS) {
      check(none, sort.name(), null);
      check(new ProductsApi.Filter(3L, null, null, null), sort.name(), "id,name");
      check(new ProductsApi.Filter(null, 1000L, 20000L, null), sort.name(), null);
      check(new ProductsApi.Filter(3L, 1000L, null, null), sort.name(), "name,category(name)");
    }
    check(new ProductsApi.Filter(null, null, null, "swift"), "id", null);
  }
}
