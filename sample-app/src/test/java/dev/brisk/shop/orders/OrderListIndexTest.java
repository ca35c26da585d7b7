package dev.brisk.shop.orders;

import dev.brisk.endpoint.ResourceEndpoint;
import dev.brisk.page.PageOptions;
import dev.brisk.page.Pager;
import dev.brisk.page.Sort;
import dev.brisk.shop.Explain;
import dev.brisk.shop.TestShop;
import org.junit.jupiter.api.Test;

/** Order lists (all, by user, by status, a user's newest first) are index scans. */
class OrderListIndexTest {

  private final ResourceEndpoint orders = OrdersApi.list(TestShop.app().context(),
      Pager.create(PageOptions.defaults())).build();

  @Test
  void every_order_list_reads_an_index() {
    for (Sort sort : orders.sorts()) {
      for (String user : new String[] {"", "&user_id=5"}) {
        for (String status : new String[] {"", "&status=paid"}) {
          String query = "limit=20&fields=id,status&sort=" + sort.name() + user + status;
          Explain.assertIndexScan(orders.pageStatement(Explain.query(query)), query);
        }
      }
    }
  }
}
