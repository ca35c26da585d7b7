package dev.brisk.fields;

import static dev.brisk.fields.FieldType.LONG;
import static dev.brisk.fields.FieldType.TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.db.Sql;
import dev.brisk.page.PageOptions;
import dev.brisk.page.Pager;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** {@link ResourceReader#fingerprint}: what cached representations of a reader are keyed by. */
class ReaderFingerprintTest {

  /** Never queried: a fingerprint reads declarations only. */
  private static final Sql NO_SQL = new Sql() {
    @Override
    public Future<RowSet<Row>> query(String sql, Tuple params) {
      throw new UnsupportedOperationException(sql);
    }

    @Override
    public Future<RowSet<Row>> batch(String sql, List<Tuple> batch) {
      throw new UnsupportedOperationException(sql);
    }
  };
  private static final Pager PAGER = Pager.create(PageOptions.defaults());

  private static Resource shelf(UnaryOperator<Resource.Builder> book) {
    Resource target = book.apply(Resource.builder("book", "books", "b")
        .field("id", "id", LONG).field("title", "title", TEXT)).build();
    return Resource.builder("shelf", "shelves", "s").field("id", "id", LONG)
        .embedMany("books", target, "shelf_id").build();
  }

  private static String fingerprint(Resource resource, EmbedLimits limits, Pager pager) {
    return ResourceReader.create(resource, NO_SQL, pager).withEmbedLimits(limits).fingerprint();
  }

  @Test
  void equal_declarations_and_settings_give_one_fingerprint() {
    String f = fingerprint(shelf(b -> b), EmbedLimits.defaults(), PAGER);

    assertThat(f).hasSize(12).matches("[A-Za-z0-9_-]+");
    assertThat(fingerprint(shelf(b -> b), EmbedLimits.defaults(),
        Pager.create(PageOptions.defaults()))).isEqualTo(f);
  }

  @Test
  void embed_limits_page_size_and_every_declaration_change_it() {
    Resource shelf = shelf(b -> b);
    EmbedLimits limits = EmbedLimits.defaults();
    PageOptions pages = PageOptions.defaults();

    assertThat(List.of(
        fingerprint(shelf, limits, PAGER),
        fingerprint(shelf, limits.withMaxPerParent(3), PAGER),
        fingerprint(shelf, limits.withMaxRows(500), PAGER),
        fingerprint(shelf, limits, Pager.create(pages.withLimits(pages.defaultLimit() + 1,
            pages.maxLimit()))),
        fingerprint(shelf, limits, null),
        fingerprint(shelf(b -> b.field("isbn", "isbn", TEXT)), limits, PAGER),
        fingerprint(shelf(b -> b.orderBy("b.title")), limits, PAGER),
        fingerprint(Resource.builder("shelf", "shelves", "s").field("id", "id", LONG)
            .embedMany("books", shelf(b -> b).embed("books").target(), "shelf_id",
                Inclusion.DEFAULT).build(), limits, PAGER)))
        .doesNotHaveDuplicates();
  }

  @Test
  void resources_that_embed_each_other_are_fingerprinted_once_each() {
    String author = fingerprint(LazyEmbedTest.AUTHOR, EmbedLimits.defaults(), PAGER);

    assertThat(author).hasSize(12)
        .isNotEqualTo(fingerprint(LazyEmbedTest.BOOK, EmbedLimits.defaults(), PAGER));
  }
}
