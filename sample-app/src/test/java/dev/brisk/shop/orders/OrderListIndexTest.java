package dev.brisk.shop.orders;

import static dev.brisk.shop.ShopResources.ORDER;

import dev.brisk.fields.FieldMask;
import dev.brisk.fields.ResourceReader;
import dev.brisk.page.PageOptions;
import dev.brisk.page.Pager;
import dev.brisk.page.Sort;
import dev.brisk.shop.Explain;
import dev.brisk.shop.TestShop;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Order lists (all, by user, by status, a user's newest first) are index scans. */
class OrderListIndexTest {

  private final Pager pager = Pager.create(PageOptions.defaults());
  private final ResourceReader reader = ResourceReader.create(ORDER, TestShop.db(), pager);

  @Test
  void every_order_list_reads_an_index() {
    for (Sort sort : OrdersApi.SORTS) {
      for (Long user : new Long[] {null, 5L}) {
        for (String status : new String[] {null, "paid"}) {
          Map<String, Object> filters = new HashMap<>();
          filters.put("user_id", user);
          filters.put("status", status);
          var request = pager.parse(Explain.query("limit=20"), sort, filters);
          Explain.assertIndexScan(reader.pageStatement(FieldMask.parse(ORDER, "id,status"),
              OrdersApi.where(user, status), request),
              "user=" + user + " status=" + status + " sort=" + sort.name());
        }
      }
    }
  }
}
