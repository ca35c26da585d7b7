package dev.brisk.endpoint;

import static dev.brisk.fields.FieldType.INT;
import static dev.brisk.fields.FieldType.LONG;
import static dev.brisk.fields.FieldType.TEXT;

import dev.brisk.BriskApp;
import dev.brisk.BriskContext;
import dev.brisk.auth.Access;
import dev.brisk.fields.Resource;
import dev.brisk.http.RouteDeclaration;
import dev.brisk.http.Routes;
import dev.brisk.page.Pager;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The tutorial's first resource ({@code docs/tutorial.md}): a table of books served as a list
 * and by id with fields, filters, sorts and paging, in the fifteen lines of the region below.
 */
final class BooksApp implements BriskApp {

  /** 40 books: titles "Book 01".."Book 40", every fourth "Poem ...", pages in steps of 50. */
  static final int BOOKS = 40;
  /** The routes as declared, for the documentation checks. */
  static final AtomicReference<Routes> ROUTES = new AtomicReference<>();

  @Override
  public Future<Void> start(BriskContext context) {
    return context.db().query("DROP TABLE IF EXISTS books", Tuple.tuple())
        .compose(x -> context.db().query("CREATE TABLE books (id bigint PRIMARY KEY, "
            + "title text NOT NULL, genre text NOT NULL, pages int NOT NULL)", Tuple.tuple()))
        .compose(x -> context.db().query("INSERT INTO books SELECT g, CASE WHEN g % 4 = 0 "
            + "THEN 'Poem ' ELSE 'Book ' END || lpad(g::text, 2, '0'), CASE WHEN g % 4 = 0 "
            + "THEN 'poetry' ELSE 'crime' END, 50 * (1 + g % 5) FROM generate_series(1, $1) g",
            Tuple.of(BOOKS)))
        .mapEmpty();
  }

  // region books
  static final Resource BOOK = Resource.builder("book", "books", "b")
      .field("id", "id", LONG)
      .field("title", "title", TEXT)
      .field("genre", "genre", TEXT)
      .field("pages", "pages", INT)
      .build();

  static void register(Routes routes, BriskContext context, Pager pager) {
    context.endpoint(BOOK, pager)
        .filter(Filter.prefix("q", "title").ignoringCase(), Filter.atLeast("min_pages", "pages"))
        .sorts("title", "pages")
        .build()
        .list(routes, Mount.at("/api/books", Access.open()))
        .get(routes, Mount.at("/api/books/:id", Access.open()));
  }
  // endregion books

  @Override
  public void routes(Routes routes, BriskContext context) {
    register(routes, context, Pager.create(context.pages()));
    ROUTES.set(routes);
  }

  static List<RouteDeclaration> declarations() {
    return ROUTES.get().declarations();
  }
}
