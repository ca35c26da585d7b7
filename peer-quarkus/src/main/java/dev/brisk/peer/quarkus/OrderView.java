package dev.brisk.peer.quarkus;

import java.util.List;

/**
 * An order as {@code fields=id,user(name),items(quantity,product(name,category(name)))} renders
 * it in the sample app (same members and values).
 *
 * @param id order id
 * @param items the order's lines by line number
 * @param user the ordering user
 */
public record OrderView(long id, List<Item> items, User user) {

  /**
   * The user embed.
   *
   * @param name the user's name
   */
  public record User(String name) {
  }

  /**
   * One order line.
   *
   * @param quantity units ordered
   * @param product the product embed
   */
  public record Item(int quantity, ItemProduct product) {
  }

  /**
   * The product embed of a line.
   *
   * @param name product name
   * @param category the category embed
   */
  public record ItemProduct(String name, Category category) {
  }

  /**
   * The category embed of a product.
   *
   * @param name category name
   */
  public record Category(String name) {
  }
}
