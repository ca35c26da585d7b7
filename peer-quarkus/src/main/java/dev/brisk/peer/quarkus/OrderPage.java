package dev.brisk.peer.quarkus;

import java.util.List;

/**
 * One keyset page of orders by id.
 *
 * @param data the orders
 * @param page paging metadata
 */
public record OrderPage(List<OrderView> data, PageInfo page) {
}
