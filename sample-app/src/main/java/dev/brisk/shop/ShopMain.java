package dev.brisk.shop;

import dev.brisk.http.Brisk;

/** Runs the shop: {@code java -jar sample-app/target/brisk-sample-app.jar [--port N] [--dataset small|large]}. */
public final class ShopMain {

  private ShopMain() {
  }

  public static void main(String[] args) {
    Brisk.run(args, ShopApp::new);
  }
}
