package dev.brisk.shop;

import dev.brisk.Brisk;
import dev.brisk.DevStores;
import dev.brisk.devservices.DevServices;
import dev.brisk.devservices.DevServicesOptions;

/**
 * Runs the shop: {@code java -jar sample-app/target/brisk-sample-app.jar [--port N]
 * [--dataset small|large]}. Without {@code BRISK_PG_URL} and {@code BRISK_REDIS_URL} it starts
 * throwaway stores (dev services) first.
 */
public final class ShopMain {

  private ShopMain() {
  }

  public static void main(String[] args) {
    // region dev-stores
    Brisk.run(args, ShopApp::new, () -> {
      // Brisk's own hook stops the stores after draining requests; a second hook would not wait.
      DevServices dev = DevServices.start(DevServicesOptions.defaults().withShutdownHook(false)
          .withCarrier(true));
      return DevStores.of(dev.settings(), dev::close);
    });
    // endregion dev-stores
  }
}
