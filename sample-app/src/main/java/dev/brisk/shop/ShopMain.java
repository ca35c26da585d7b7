package dev.brisk.shop;

import dev.brisk.Brisk;
import dev.brisk.DevStores;
import dev.brisk.devservices.DevServices;
import dev.brisk.devservices.DevServicesOptions;
import java.util.Map;

/**
 * Runs the shop: {@code java -jar sample-app/target/brisk-sample-app.jar [--port N]
 * [--dataset small|large]}. Without {@code BRISK_PG_URL} and {@code BRISK_REDIS_URL} it starts
 * throwaway stores (dev services) first.
 */
public final class ShopMain {

  private ShopMain() {
  }

  public static void main(String[] args) {
    Brisk.run(args, ShopApp::new, () -> {
      DevServices dev = DevServices.start(DevServicesOptions.defaults());
      return DevStores.of(Map.of("BRISK_PG_URL", dev.pgUrl(), "BRISK_REDIS_URL", dev.redisUrl()),
          dev::close);
    });
  }
}
