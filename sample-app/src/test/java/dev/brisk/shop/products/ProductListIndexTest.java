package dev.brisk.shop.products;

import dev.brisk.endpoint.ResourceEndpoint;
import dev.brisk.page.PageOptions;
import dev.brisk.page.Pager;
import dev.brisk.page.Sort;
import dev.brisk.shop.Explain;
import dev.brisk.shop.TestShop;
import org.junit.jupiter.api.Test;

/** Each product list shape is an index scan on the small dataset (checked with EXPLAIN). */
class ProductListIndexTest {

  private final ResourceEndpoint products = ProductsApi.reads(TestShop.app().context(),
      Pager.create(PageOptions.defaults())).build();

  private void check(String query) {
    Explain.assertIndexScan(products.pageStatement(Explain.query("limit=20&" + query)), query);
  }

  @Test
  void every_sort_and_filter_reads_an_index() {
    for (Sort sort : products.sorts()) {
      String by = "sort=" + sort.name();
      check(by);
      check(by + "&category_id=3&fields=id,name");
      check(by + "&min_price_cents=1000&max_price_cents=20000");
      check(by + "&category_id=3&min_price_cents=1000&fields=name,category(name)");
    }
    check("q=swift");
  }
}
