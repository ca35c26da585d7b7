package dev.brisk.shop.data;

import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Pure functions from an entity number to its CSV line, so any row can be regenerated alone and
 * orders can price their items without holding products in memory.
 */
final class Rows {

  static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");
  private static final String[] ADJECTIVES = {"Swift", "Quiet", "Bright", "Sturdy", "Compact",
      "Classic", "Modern", "Rustic", "Smart", "Eco", "Deluxe", "Basic", "Urban", "Alpine", "Coastal",
      "Nordic"};
  private static final String[] NOUNS = {"Lamp", "Chair", "Kettle", "Backpack", "Speaker",
      "Notebook", "Jacket", "Blender", "Headphones", "Bottle", "Desk", "Watch", "Camera", "Mug",
      "Sneakers", "Router", "Keyboard", "Tent", "Pillow", "Bicycle"};
  private static final String[] FIRST = {"Ada", "Grace", "Alan", "Linus", "Margaret", "Dennis",
      "Barbara", "Ken", "Frances", "Edsger", "Radia", "Tim", "Sophie", "Guido", "Anita", "James"};
  private static final String[] LAST = {"Lovelace", "Hopper", "Turing", "Torvalds", "Hamilton",
      "Ritchie", "Liskov", "Thompson", "Allen", "Dijkstra", "Perlman", "Berners-Lee", "Wilson",
      "van Rossum", "Borg", "Gosling"};
  static final String[] STATUSES = {"pending", "paid", "shipped", "delivered", "cancelled"};

  private Rows() {
  }

  static SplittableRandom random(long salt, long id) {
    return new SplittableRandom(salt * 0x9E3779B97F4A7C15L + id);
  }

  static String category(long id) {
    String noun = NOUNS[(int) ((id - 1) % NOUNS.length)];
    String name = (noun.endsWith("s") ? noun : noun + "s") + " " + ((id - 1) / NOUNS.length + 1);
    return id + "," + name + "," + name.toLowerCase().replace(' ', '-') + "," + EPOCH + "\n";
  }

  static String user(long id) {
    SplittableRandom r = random(2, id);
    String tier = id == 2 ? "pro" : id == 3 ? "internal" : id == 1 ? "free"
        : r.nextInt(100) < 10 ? "pro" : r.nextInt(100) < 2 ? "internal" : "free";
    String name = FIRST[r.nextInt(FIRST.length)] + " " + LAST[r.nextInt(LAST.length)];
    return id + ",user" + id + "@example.com," + name + "," + tier + ","
        + EPOCH.plusSeconds(id * 600) + "\n";
  }

  /** Same draw as the first one in {@link #product}, so order items carry the product price. */
  static long price(long productId) {
    return 99 + random(3, productId).nextLong(0, 50_000);
  }

  static String product(long id, int categories) {
    SplittableRandom r = random(3, id);
    long price = 99 + r.nextLong(0, 50_000);
    String name = ADJECTIVES[r.nextInt(ADJECTIVES.length)] + " " + NOUNS[r.nextInt(NOUNS.length)]
        + " " + id;
    long category = 1 + r.nextInt(categories);
    int stock = r.nextInt(500);
    // Three products share each creation second so created_at sorts need the id tiebreaker.
    Instant created = EPOCH.plusSeconds((id / 3) * 37);
    return id + ",SKU-" + String.format("%08d", id) + "," + name + ",A " + name.toLowerCase()
        + " for everyday use," + price + "," + stock + "," + category + ",1," + created + ","
        + created + "\n";
  }

  static int itemCount(long orderId) {
    return 1 + random(4, orderId).nextInt(5);
  }

  /** How many order_items rows {@code orders} orders have (59,920 for the small dataset). */
  static long itemTotal(int orders) {
    long total = 0;
    for (long id = 1; id <= orders; id++) {
      total += itemCount(id);
    }
    return total;
  }

  static String order(long id, int users, int products) {
    SplittableRandom r = random(4, id);
    int items = itemCount(id);
    r.nextInt(5);
    long user = 1 + r.nextInt(users);
    String status = STATUSES[r.nextInt(STATUSES.length)];
    long total = 0;
    for (int line = 1; line <= items; line++) {
      SplittableRandom item = random(5, id * 8 + line);
      long product = 1 + item.nextInt(products);
      total += (1 + item.nextInt(3)) * price(product);
    }
    return id + "," + user + "," + status + "," + total + "," + EPOCH.plusSeconds(id * 30) + "\n";
  }

  static String items(long orderId, int products) {
    StringBuilder sb = new StringBuilder();
    int items = itemCount(orderId);
    for (int line = 1; line <= items; line++) {
      SplittableRandom item = random(5, orderId * 8 + line);
      long product = 1 + item.nextInt(products);
      int quantity = 1 + item.nextInt(3);
      sb.append(orderId).append(',').append(line).append(',').append(product).append(',')
          .append(quantity).append(',').append(price(product)).append('\n');
    }
    return sb.toString();
  }
}
