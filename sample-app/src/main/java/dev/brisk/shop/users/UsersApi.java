package dev.brisk.shop.users;

import static dev.brisk.shop.ShopResources.USER;

import dev.brisk.BriskContext;
import dev.brisk.auth.Access;
import dev.brisk.auth.OwnerCheck;
import dev.brisk.endpoint.Mount;
import dev.brisk.fields.RowVersions;
import dev.brisk.http.Routes;
import dev.brisk.shop.proto.User;

/** {@code GET /api/users/{id}}. A user's orders live in {@code OrdersApi}. */
public final class UsersApi {

  private UsersApi() {
  }

  /**
   * A user is theirs and the internal tier's; read from the context's database and cache, with
   * ETags from {@code versions}.
   */
  public static void register(Routes routes, BriskContext context, RowVersions versions) {
    context.endpoint(USER, null)
        .protobuf(User.getDescriptor(), null)
        .cached(context.cache(), versions)
        .build()
        .get(routes, Mount.at("/api/users/:id",
            Access.ownerOr("internal", OwnerCheck.pathParam("id"))));
  }
}
