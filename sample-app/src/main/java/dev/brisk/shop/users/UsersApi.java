package dev.brisk.shop.users;

import static dev.brisk.shop.ShopResources.USER;

import dev.brisk.BriskContext;
import dev.brisk.auth.Access;
import dev.brisk.auth.OwnerCheck;
import dev.brisk.db.Db;
import dev.brisk.endpoint.Mount;
import dev.brisk.http.Routes;
import dev.brisk.shop.Versions;
import dev.brisk.shop.proto.User;

/** {@code GET /api/users/{id}}. A user's orders live in {@code OrdersApi}. */
public final class UsersApi {

  private UsersApi() {
  }

  /** A user is theirs and the internal tier's; read from the context's database and cache. */
  public static void register(Routes routes, BriskContext context) {
    Db db = context.db();
    context.endpoint(USER, null)
        .protobuf(User.getDescriptor(), null)
        .cached(context.cache(), key -> Versions.of(db, key))
        .build()
        .get(routes, Mount.at("/api/users/:id",
            Access.ownerOr("internal", OwnerCheck.pathParam("id"))));
  }
}
