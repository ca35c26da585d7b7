package dev.brisk.shop.users;

import static dev.brisk.shop.ShopResources.USER;

import dev.brisk.auth.Access;
import dev.brisk.cache.Cache;
import dev.brisk.auth.OwnerCheck;
import dev.brisk.db.Db;
import dev.brisk.fields.ResourceReader;
import dev.brisk.http.CachedReads;
import dev.brisk.http.Reply;
import dev.brisk.http.Routes;
import dev.brisk.shop.Queries;
import dev.brisk.shop.proto.User;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/users/{id}}. A user's orders live in {@code OrdersApi}. */
public final class UsersApi {

  private final Db db;
  private final ResourceReader users;
  private final CachedReads reads;

  public UsersApi(Db db, Cache cache) {
    this.db = db;
    this.users = ResourceReader.create(USER, db, null);
    this.reads = CachedReads.create(cache);
  }

  public void register(Routes routes) {
    routes.get("/api/users/:id", Access.ownerOr("internal", OwnerCheck.pathParam("id")),
        this::one);
  }

  private Future<Reply> one(RoutingContext ctx) {
    return Queries.byId(ctx, users, User.getDescriptor(), reads, db);
  }
}
