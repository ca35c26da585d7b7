package dev.brisk.docs;

import dev.brisk.devservices.DevServices;
import dev.brisk.devservices.DevServicesOptions;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.SqlClient;

/** docs/dev-services.md: starting the stores from a main method. */
final class DevServicesExample {

  private DevServicesExample() {
  }

  static SqlClient start(Vertx vertx) {
    // region start
    // main thread, before deploying verticles (start blocks for a second or two)
    DevServices dev = DevServices.start(DevServicesOptions.defaults());
    // prints: Dev services: BRISK_PG_URL=postgresql://postgres@127.0.0.1:41234/postgres BRISK_REDIS_URL=redis://127.0.0.1:40321
    SqlClient pg = PgBuilder.client().connectingTo(dev.pgUrl()).using(vertx).build();
    Redis redis = Redis.createClient(vertx, dev.redisUrl());
    // endregion start
    redis.close();
    return pg;
  }
}
