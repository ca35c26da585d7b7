package dev.brisk.peer.quarkus;

import java.util.List;

/**
 * One keyset page of products.
 *
 * @param data the products, by {@code (price_cents, id)}
 * @param page paging metadata
 */
public record ProductPage(List<Product> data, PageInfo page) {
}
