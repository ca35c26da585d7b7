package dev.brisk.fields;

import static dev.brisk.fields.FieldType.LONG;
import static dev.brisk.fields.FieldType.TEXT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
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
  void default_embeds_that_form_a_cycle_are_refused_when_linked() {
    Resource a = Resource.builder("a", "as", "a").field("id", "id", LONG)
        .embed("b", Cardinality.ONE, "id", Resource.named("b"), "id", Inclusion.DEFAULT).build();
    Resource b = Resource.builder("b", "bs", "b").field("id", "id", LONG)
        .embed("a", Cardinality.ONE, "id", () -> a, "id", Inclusion.DEFAULT).build();
    assertThatThrownBy(() -> Resource.link(a, b)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cycle");
  }

  /** A member, its loans and their books, declared per schema: locals, not static fields. */
  private static List<Resource> library(String schema, boolean link) {
    Resource member = Resource.builder("member", schema + ".members", "m")
        .field("id", "id", LONG).field("name", "name", TEXT).build();
    Resource loan = Resource.builder("loan", schema + ".loans", "l")
        .field("id", "id", LONG).field("book_id", "book_id", LONG)
        .embedOne("member", "member_id", member)
        .embedOne("book", "book_id", Resource.named("book"))
        .build();
    Resource book = Resource.builder("book", schema + ".books", "b")
        .field("id", "id", LONG).field("title", "title", TEXT)
        .embedMany("loans", loan, "book_id")
        .build();
    if (link) {
      Resource.link(member, loan, book);
    }
    return List.of(member, loan, book);
  }

  @Test
  void resources_declared_in_a_method_embed_each_other_by_name() {
    List<Resource> one = library("one", true);
    List<Resource> two = library("two", true);
    assertThat(one.get(1).embed("book").target()).isSameAs(one.get(2));
    assertThat(two.get(1).embed("book").target()).isSameAs(two.get(2));
    assertThat(FieldMask.parse(one.get(2), "title,loans(book(loans(member(name))))").canonical())
        .isEqualTo("title,loans(book(loans(member(name))))");
    assertThat(two.get(1).embed("book").target().table()).isEqualTo("two.books");
  }

  @Test
  void a_named_target_is_resolved_only_among_the_linked_and_named_when_missing() {
    List<Resource> unlinked = library("s", false);
    assertThatThrownBy(() -> unlinked.get(1).embed("book").target())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("embed loan.book names resource book, not linked yet: pass both to "
            + "Resource.link(...)");
    assertThatThrownBy(() -> Resource.link(unlinked.get(0), unlinked.get(1)))
        .hasMessage("embed loan.book names resource book, which is none of [member, loan]");
    assertThatThrownBy(() -> Resource.link(unlinked.get(2), unlinked.get(2)))
        .hasMessage("two resources are named book");
    Resource.link(unlinked.toArray(Resource[]::new));
    Resource otherBook = library("t", false).get(2);
    assertThatThrownBy(() -> Resource.link(unlinked.get(1), otherBook))
        .hasMessage("embed loan.book is already linked to another resource named book; call "
            + "Resource.named once per declaration");
    assertThatThrownBy(() -> Resource.named("Book 1")).isInstanceOf(
        IllegalArgumentException.class);
  }

  @Test
  void a_target_not_yet_declared_is_named() {
    Resource early = Resource.builder("early", "earlies", "e").field("id", "id", LONG)
        .embedOne("late", "id", () -> null).build();
    assertThatThrownBy(() -> early.embed("late").target())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("early.late");
  }
}
