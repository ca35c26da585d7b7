package dev.brisk.fields;

import static dev.brisk.fields.FieldType.LONG;
import static dev.brisk.fields.FieldType.TEXT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Embed targets resolved on first use: resources that point at each other. */
class LazyEmbedTest {

  static final Resource AUTHOR = Resource.builder("author", "authors", "a")
      .field("id", "id", LONG)
      .field("name", "name", TEXT)
      .embedMany("books", () -> LazyEmbedTest.BOOK, "author_id")
      .build();

  static final Resource BOOK = Resource.builder("book", "books", "b")
      .field("id", "id", LONG)
      .field("title", "title", TEXT)
      .field("author_id", "author_id", LONG)
      .embedOne("author", "author_id", () -> AUTHOR)
      .build();

  @Test
  void resources_embed_each_other_both_ways() {
    FieldMask mask = FieldMask.parse(AUTHOR, "name,books(title,author(name))");
    assertThat(mask.canonical()).isEqualTo("name,books(title,author(name))");
    assertThat(AUTHOR.embed("books").target()).isSameAs(BOOK);
    assertThat(AUTHOR.embed("books").targetKeySql()).isEqualTo("b.author_id");
    assertThat(BOOK.embed("author").target()).isSameAs(AUTHOR);
    assertThat(BOOK.embed("author").keyType()).isEqualTo(LONG);
    assertThat(FieldMask.parse(BOOK, "title,author(books(id))").projection())
        .isEqualTo("b.title, b.author_id");
  }

  @Test
  void default_embeds_that_form_a_cycle_are_refused_on_first_use() {
    Resource[] holder = new Resource[1];
    Resource a = Resource.builder("a", "as", "a").field("id", "id", LONG)
        .embed("b", Cardinality.ONE, "id", () -> holder[0], "id", Inclusion.DEFAULT).build();
    holder[0] = Resource.builder("b", "bs", "b").field("id", "id", LONG)
        .embed("a", Cardinality.ONE, "id", () -> a, "id", Inclusion.DEFAULT).build();
    assertThatThrownBy(a::defaults).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cycle");
  }

  @Test
  void a_target_not_yet_declared_is_named() {
    Resource early = Resource.builder("early", "earlies", "e").field("id", "id", LONG)
        .embedOne("late", "id", () -> null).build();
    assertThatThrownBy(() -> early.embed("late").target())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("early.late");
  }
}
