package dev.brisk.shop.users;

import static dev.brisk.shop.ShopResources.USER;

import dev.brisk.auth.Access;
import dev.brisk.auth.OwnerCheck;
import dev.brisk.cache.Cache;
import dev.brisk.db.Db;
import dev.brisk.endpoint.Mount;
import dev.brisk.endpoint.ResourceEndpoint;
import dev.brisk.http.Routes;
import dev.brisk.shop.Versions;
import dev.brisk.shop.proto.User;

/** {@code GET /api/users/{id}}. A user's orders live in {@code OrdersApi}. */
public final class UsersApi {

  private UsersApi() {
  }

  /** A user is theirs and the internal tier's. */
  public static void register(Routes routes, Db db, Cache cache) {
    ResourceEndpoint.builder(USER, db, null)
        .protobuf(User.getDescriptor(), null)
        .cached(cache, key -> Versions.of(db, key))
        .build()
        .get(routes, Mount.at("/api/users/:id",
            Access.ownerOr("internal", OwnerCheck.pathParam("id"))));
  }
}
