package dev.brisk.docs;

import static dev.brisk.fields.FieldType.LONG;
import static dev.brisk.fields.FieldType.TEXT;

import dev.brisk.auth.Access;
import dev.brisk.Brisk;
import dev.brisk.BriskApp;
import dev.brisk.BriskContext;
import dev.brisk.DevStores;
import dev.brisk.devservices.DevServices;
import dev.brisk.devservices.DevServicesOptions;
import dev.brisk.fields.FieldMask;
import dev.brisk.fields.Resource;
import dev.brisk.fields.ResourceReader;
import dev.brisk.http.Reply;
import dev.brisk.http.Requests;
import dev.brisk.http.Routes;
import io.vertx.core.Future;

/** A complete Brisk API: {@code GET /api/notes/1?fields=title} reads only the title column. */
public final class HelloApp implements BriskApp {

  // One declaration drives the SQL projection, the JSON, field validation and the 404 detail.
  static final Resource NOTE = Resource.builder("note", "notes", "n")
      .field("id", "id", LONG)
      .field("title", "title", TEXT)
      .field("body", "body", TEXT)
      .build();

  public static void main(String[] args) {
    // Without BRISK_PG_URL and BRISK_REDIS_URL, start a throwaway PostgreSQL and Redis first.
    // Their settings carry the run's cursor key too; Brisk's own hook stops them after the drain.
    Brisk.run(args, HelloApp::new, () -> {
      DevServices dev = DevServices.start(DevServicesOptions.defaults().withShutdownHook(false));
      return DevStores.of(dev.settings(), dev::close);
    });
  }

  @Override
  public Future<Void> start(BriskContext context) {
    return context.db().query("CREATE TABLE IF NOT EXISTS notes "
            + "(id bigint PRIMARY KEY, title text NOT NULL, body text NOT NULL)")
        .compose(x -> context.db().query("INSERT INTO notes VALUES (1, 'Hello', 'from Brisk') "
            + "ON CONFLICT (id) DO NOTHING"))
        .mapEmpty();
  }

  @Override
  public void routes(Routes routes, BriskContext context) {
    ResourceReader notes = context.reader(NOTE, null);
    routes.get("/api/notes/:id", Access.open(), rc -> notes
        .byId(FieldMask.parse(NOTE, Requests.single(rc, "fields")), Requests.pathId(rc, "id"))
        .map(Reply::ok));
  }
}
