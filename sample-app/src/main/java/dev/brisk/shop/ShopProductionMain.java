package dev.brisk.shop;

import dev.brisk.Brisk;

/**
 * Runs the shop in production: {@code java -jar sample-app/target/brisk-sample-app-production.jar}
 * with {@code BRISK_PG_URL} and {@code BRISK_REDIS_URL} set (startup fails naming them
 * otherwise). It never starts dev services, so its jar leaves them out; see docs/deploy.md.
 */
public final class ShopProductionMain {

  private ShopProductionMain() {
  }

  /** Starts the shop against the stores its settings name; blocks while starting. */
  public static void main(String[] args) {
    Brisk.run(args, ShopApp::new);
  }
}
